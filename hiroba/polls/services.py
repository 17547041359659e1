"""Every change to polls: making one with its post or article, voting, changing and withdrawing a
vote, closing early or moving the close time.

Voting locks the poll row first (select_for_update on PostgreSQL; on SQLite every transaction is
IMMEDIATE and takes the write lock at BEGIN), then compares the member's rows with what they
picked and moves the counters only by the rows really inserted or deleted. So a hundred members
voting at once count a hundred, one member voting twenty times at once counts once, and the
counters always equal the rows. The unique constraints on PollVote stay as the last word.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_writer
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.community.models import Space
from hiroba.core.errors import Refused
from hiroba.core.pagecache import pages_changed
from hiroba.core.ratelimit import check_rate
from hiroba.polls.models import (
    MAX_CHOICE_TEXT,
    MAX_CHOICES,
    MAX_QUESTION,
    MIN_CHOICES,
    Poll,
    PollChoice,
    PollVote,
    Results,
)
from hiroba.polls.permissions import POLL_KINDS, can_manage_poll, require_open_post
from hiroba.posts.models import Post
from hiroba.posts.services import create_article, publish_post

# The poll's name as a compose add-on (hiroba.posts.compose, registered in apps.py): its key in
# the compose forms' cleaned data, in the API's new post and in publish_post's add_ons.
POLL_ADD_ON = "poll"


@dataclass(frozen=True)
class PollSpec:
    """A poll that passed validation and is ready to be attached to a post."""

    question: str
    choices: tuple[str, ...]
    allows_multiple: bool
    max_choices: int | None
    closes_at: datetime | None
    results: str


def _needs_closing_time() -> str:
    return _("Results shown only after closing need a closing time.")


def clean_poll(
    *,
    question: str = "",
    choices=(),
    allows_multiple: bool = False,
    max_choices: int | None = None,
    closes_at: datetime | None = None,
    results: str = Results.AFTER_VOTE,
    now: datetime | None = None,
) -> PollSpec:
    """Check a poll as a member wrote it; every problem is reported at once, by field.

    Blank answer rows are dropped (the form offers more rows than most polls need).
    """
    errors: dict[str, list[str]] = {}
    question = (question or "").strip()
    if len(question) > MAX_QUESTION:
        errors["poll_question"] = [
            _("Please keep the question under %(max)d characters.") % {"max": MAX_QUESTION}
        ]
    texts = [(text or "").strip() for text in choices]
    texts = [text for text in texts if text]
    if any("\x00" in text for text in [question, *texts]):
        errors["poll_question"] = [_("The text contains an invalid character.")]
    choice_errors = []
    if len(texts) < MIN_CHOICES:
        choice_errors.append(
            _("Give at least %(min)d answers to choose from.") % {"min": MIN_CHOICES}
        )
    if len(texts) > MAX_CHOICES:
        choice_errors.append(_("A poll can have up to %(max)d answers.") % {"max": MAX_CHOICES})
    if any(len(text) > MAX_CHOICE_TEXT for text in texts):
        choice_errors.append(
            _("Please keep each answer under %(max)d characters.") % {"max": MAX_CHOICE_TEXT}
        )
    if len({text.casefold() for text in texts}) != len(texts):
        choice_errors.append(_("Each answer must be different."))
    if choice_errors:
        errors["poll_choices"] = choice_errors
    if not allows_multiple:
        max_choices = None
    elif max_choices is not None and not 1 <= max_choices <= max(len(texts), 1):
        errors["poll_max_choices"] = [
            _("Choose a number between 1 and the number of answers (%(count)d).")
            % {"count": len(texts)}
        ]
    if closes_at is not None:
        if timezone.is_naive(closes_at):
            errors["poll_closes_at"] = [_("Give a time with its time zone.")]
        elif closes_at <= (now or timezone.now()):
            errors["poll_closes_at"] = [_("Choose a closing time in the future.")]
    if results not in Results.values:
        errors["poll_results"] = [_("Choose when members see the results.")]
    elif results == Results.AFTER_CLOSE and closes_at is None:
        # Without a close time nobody would ever see the results.
        errors.setdefault("poll_closes_at", [_needs_closing_time()])
    if errors:
        raise ValidationError(errors, code="invalid_poll")
    return PollSpec(
        question=question,
        choices=tuple(texts),
        allows_multiple=bool(allows_multiple),
        max_choices=max_choices,
        closes_at=closes_at,
        results=results,
    )


def _invalid(field: str, message: str, code: str) -> ValidationError:
    """A ValidationError on one field that keeps its code (a dict of plain strings loses it)."""
    return ValidationError({field: ValidationError(message, code=code)})


# --- making a poll with its post ---------------------------------------------------------------


@transaction.atomic
def attach_poll(*, actor: Member, post: Post, poll: PollSpec) -> Poll:
    """Add a poll to a post or article its writer (or an editor) may change; one per post."""
    require_writer(actor)
    if post.kind not in POLL_KINDS or not can_manage_poll(actor, post):
        raise Refused(_("You cannot add a poll to this post."), code="cannot_add_poll")
    made = Poll(
        post=post,
        question=poll.question,
        allows_multiple=poll.allows_multiple,
        max_choices=poll.max_choices,
        closes_at=poll.closes_at,
        results=poll.results,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            made.save(force_insert=True)
    except IntegrityError:
        raise _invalid("poll_question", _("This post already has a poll."), "has_poll") from None
    _save_choices(made, poll.choices)
    pages_changed()
    return made


def publish_post_with_poll(
    *,
    actor: Member,
    space: Space,
    body: str,
    title: str = "",
    photos=(),
    poll: PollSpec,
) -> Post:
    """publish_post with a poll, attached inside the post's transaction: a poll that cannot be
    saved saves no post."""
    return publish_post(
        actor=actor, space=space, title=title, body=body, photos=photos, add_ons={POLL_ADD_ON: poll}
    )


def create_article_with_poll(*, actor: Member, poll: PollSpec, **article) -> Post:
    """create_article (same keyword arguments) with a poll, attached inside its transaction."""
    return create_article(actor=actor, add_ons={POLL_ADD_ON: poll}, **article)


def _save_choices(poll: Poll, texts) -> None:
    PollChoice.objects.bulk_create(
        PollChoice(poll=poll, position=position, text=text)
        for position, text in enumerate(texts, 1)
    )


# --- voting ------------------------------------------------------------------------------------


def cast_vote(*, actor: Member, poll: Poll, choice_ids) -> Poll:
    """Make ``choice_ids`` the actor's answer: a first vote, or a change that replaces every
    earlier pick at once. Voting again for the same answers changes nothing.

    Returns the poll as it is after the vote (counters fresh from the locked row).
    """
    require_writer(actor)
    wanted = _clean_choice_ids(choice_ids)
    require_open_post(actor, poll.post)
    with transaction.atomic():
        check_rate(actor=actor, action="poll_vote")
        locked = _lock(poll)
        _require_open(locked)
        choices = {c.pk: c for c in PollChoice.objects.filter(poll=locked)}
        if not wanted <= choices.keys():
            raise _invalid("choices", _("Choose among this poll's answers."), "unknown_choice")
        if len(wanted) > locked.limit:
            raise _invalid(
                "choices",
                ngettext(
                    "Choose one answer.",
                    "Choose up to %(count)d answers.",
                    locked.limit,
                )
                % {"count": locked.limit},
                "too_many_choices",
            )
        current = set(
            PollVote.objects.filter(poll=locked, member=actor).values_list("choice_id", flat=True)
        )
        if current == wanted:
            return locked
        _replace_votes(locked, actor, current=current, wanted=wanted)
        record_activity(
            actor=actor,
            verb=Verb.POLL_VOTE,
            subject=locked,
            space_id=locked.post.space_id,
            data={"choices": sorted(wanted), "previous": sorted(current)},
        )
        locked.refresh_from_db(fields=["vote_count", "voter_count"])
    return locked


def withdraw_vote(*, actor: Member, poll: Poll) -> bool:
    """Take back every pick of the actor while the poll is open; True if there was a vote."""
    require_writer(actor)
    require_open_post(actor, poll.post)
    with transaction.atomic():
        check_rate(actor=actor, action="poll_vote")
        locked = _lock(poll)
        _require_open(locked)
        current = set(
            PollVote.objects.filter(poll=locked, member=actor).values_list("choice_id", flat=True)
        )
        if not current:
            return False
        _replace_votes(locked, actor, current=current, wanted=set())
        record_activity(
            actor=actor,
            verb=Verb.POLL_VOTE,
            subject=locked,
            space_id=locked.post.space_id,
            data={"choices": [], "previous": sorted(current)},
        )
    return True


def _replace_votes(poll: Poll, actor: Member, *, current: set[int], wanted: set[int]) -> None:
    """Under the poll's lock: delete the picks no longer wanted, add the new ones, and move each
    counter by exactly the rows that changed."""
    removed, added = current - wanted, wanted - current
    if removed:
        PollVote.objects.filter(poll=poll, member=actor, choice_id__in=removed).delete()
        PollChoice.objects.filter(pk__in=removed).update(vote_count=F("vote_count") - 1)
    if added:
        single = not poll.allows_multiple
        PollVote.objects.bulk_create(
            PollVote(poll=poll, member=actor, choice_id=choice_id, single=single)
            for choice_id in sorted(added)
        )
        PollChoice.objects.filter(pk__in=added).update(vote_count=F("vote_count") + 1)
    voters = (0 if current else 1) - (0 if wanted else 1)
    Poll.objects.filter(pk=poll.pk).update(
        vote_count=F("vote_count") + len(added) - len(removed),
        voter_count=F("voter_count") + voters,
    )


def _clean_choice_ids(choice_ids) -> set[int]:
    try:
        wanted = {int(value) for value in (choice_ids or ())}
    except (TypeError, ValueError):
        raise _invalid(
            "choices", _("Choose among this poll's answers."), "unknown_choice"
        ) from None
    if not wanted:
        raise _invalid("choices", _("Choose an answer first."), "required")
    return wanted


def _lock(poll: Poll) -> Poll:
    locked = Poll.objects.select_for_update().filter(pk=poll.pk).first()
    if locked is None:
        raise Http404("No such poll")
    locked.post = poll.post
    return locked


def _require_open(poll: Poll) -> None:
    if poll.is_closed():
        raise Refused(
            _("This poll closed on %(when)s: votes can no longer be cast or changed.")
            % {"when": date_format(timezone.localtime(poll.closes_at), "DATETIME_FORMAT")},
            code="poll_closed",
        )


# --- changing a poll ---------------------------------------------------------------------------


def update_poll(*, actor: Member, poll: Poll, spec: PollSpec) -> Poll:
    """Rewrite a poll that nobody has voted in yet (question, answers, rules, close time).

    Once there are votes, only the close time may change (set_closing): changing the answers
    under people who already voted would change what their votes mean.
    """
    require_writer(actor)
    _require_manager(actor, poll)
    with transaction.atomic():
        locked = _lock(poll)
        if locked.vote_count:
            raise _invalid(
                "poll_choices",
                _("Members have voted already: only the closing time can change now."),
                "has_votes",
            )
        if locked.is_closed():
            raise Refused(_("This poll is closed."), code="poll_closed")
        locked.question = spec.question
        locked.allows_multiple = spec.allows_multiple
        locked.max_choices = spec.max_choices
        locked.closes_at = spec.closes_at
        locked.results = spec.results
        locked.changed_at = timezone.now()
        locked.save(
            update_fields=[
                "question",
                "allows_multiple",
                "max_choices",
                "closes_at",
                "results",
                "changed_at",
            ]
        )
        PollChoice.objects.filter(poll=locked).delete()
        _save_choices(locked, spec.choices)
        pages_changed()
    return locked


def set_closing(*, actor: Member, poll: Poll, closes_at: datetime | None) -> Poll:
    """Move an open poll's close time: later, earlier (not into the past), or none at all."""
    require_writer(actor)
    _require_manager(actor, poll)
    if closes_at is not None and timezone.is_naive(closes_at):
        raise _invalid("poll_closes_at", _("Give a time with its time zone."), "invalid")
    if closes_at is not None and closes_at <= timezone.now():
        raise _invalid(
            "poll_closes_at",
            _("Choose a closing time in the future, or close the poll now."),
            "in_past",
        )
    if closes_at is None and poll.results == Results.AFTER_CLOSE:
        raise _invalid("poll_closes_at", _needs_closing_time(), "needs_closing_time")
    return _change_closing(actor, poll, closes_at)


def close_poll(*, actor: Member, poll: Poll) -> Poll:
    """Close an open poll now: no more votes; results show to everyone."""
    require_writer(actor)
    _require_manager(actor, poll)
    return _change_closing(actor, poll, NOW)


NOW = object()  # close at the moment the poll's lock is held: after every vote that got it first


def _change_closing(actor: Member, poll: Poll, closes_at) -> Poll:
    with transaction.atomic():
        locked = _lock(poll)
        if locked.is_closed():
            # Reopening would let members vote after everyone has seen the results.
            raise Refused(_("This poll is closed and stays closed."), code="poll_closed")
        if closes_at is NOW:
            closes_at = timezone.now()
        locked.closes_at = closes_at
        locked.changed_at = timezone.now()
        locked.save(update_fields=["closes_at", "changed_at"])
        pages_changed()
    return locked


def _require_manager(actor: Member, poll: Poll) -> None:
    if not can_manage_poll(actor, poll.post):
        raise Refused(
            _("Only the person who wrote the post can change its poll."), code="not_writer"
        )
