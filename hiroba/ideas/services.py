"""Every change to an idea's own state: submitting, voting, following, the status workflow,
merging a duplicate into its original, and the community's status labels.

Votes and status changes lock the idea row first (select_for_update on PostgreSQL; SQLite's
IMMEDIATE transactions serialize writers), so a vote racing a merge, or two merges, leave exact
counts. A merge locks both ideas in id order, so two merges crossing each other cannot deadlock.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_manager, require_writer
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.audit.models import AuditAction
from hiroba.audit.services import record_audit
from hiroba.community.models import Space
from hiroba.core.markdown import render_markdown
from hiroba.core.pagecache import pages_changed
from hiroba.core.ratelimit import check_rate
from hiroba.core.text import MAX_TITLE, clean_text
from hiroba.ideas import notices
from hiroba.ideas.models import Follow, Idea, Status, StatusChange, StatusStyle, Vote
from hiroba.ideas.permissions import require_idea_staff, unsaved_idea
from hiroba.ideas.styles import forget_styles
from hiroba.posts.models import Kind
from hiroba.posts.models import Status as PostStatus
from hiroba.posts.permissions import can_read_post
from hiroba.posts.services import publish_post

MAX_NOTE = 2_000
# Parking under review (or planned) waits for a second look on a date; the staff form offers
# HIROBA_IDEA_REVISIT_DAYS from now unless staff pick another date.
PARKABLE = (Status.UNDER_REVIEW, Status.PLANNED)


def default_revisit_at(now: datetime | None = None) -> datetime:
    days = settings.HIROBA_IDEA_REVISIT_DAYS
    return (now or timezone.now()) + timedelta(days=days)


def submit_idea(
    *, actor: Member, space: Space, title: str, body: str, photos=(), as_account=None
) -> Idea:
    """Propose an idea in a space that allows ideas: its post (publish_post's checks, limits and
    moderation holds) and its own row, status "new", written by write_idea inside publish_post's
    transaction."""
    title = clean_text(title, field="title", max_length=MAX_TITLE)
    if not space.allows_ideas:
        raise ValidationError(
            {"space": _("This space does not take ideas. Choose a space for ideas.")},
            code="ideas_closed",
        )
    post = publish_post(
        actor=actor,
        space=space,
        title=title,
        body=body,
        photos=photos,
        as_account=as_account,
        kind=Kind.IDEA,
    )
    return post.idea  # cached on the post by write_idea


def write_idea(*, actor: Member, post) -> Idea:
    """The idea's row, inside publish_post's transaction (the kind's hook: kind.py)."""
    # ``post`` is not annotated: importing Post here would make moderation's scan for writers
    # of post visibility (test_audit_coverage) read this module's ``idea.status`` as a post's.
    idea = unsaved_idea(post)
    idea.save(force_insert=True)
    record_activity(actor=actor, verb=Verb.IDEA_SUBMIT, subject=idea, space_id=idea.space_id)
    return idea


# --- votes and follows -------------------------------------------------------------------------


@transaction.atomic
def vote_idea(*, actor: Member, idea: Idea) -> bool:
    """Vote for an idea; True if this call added the vote, False if it was there already.

    One vote per member (a unique constraint); the count moves only when a row was inserted.
    A merged duplicate takes no votes: they belong on its original.
    """
    require_writer(actor)
    locked = _lock_readable(actor, idea)
    if locked.status == Status.DUPLICATE:
        raise ValidationError(
            _("This idea was merged into another one: vote for the original."), code="duplicate"
        )
    check_rate(actor=actor, action="reaction")
    try:
        with transaction.atomic():
            Vote.objects.create(idea=locked, member=actor)
    except IntegrityError:
        return False
    Idea.objects.filter(pk=locked.pk).update(vote_count=F("vote_count") + 1)
    record_activity(
        actor=actor,
        verb=Verb.IDEA_VOTE,
        subject=locked,
        space_id=locked.space_id,
        data={"owner": locked.author_id},
    )
    return True


@transaction.atomic
def unvote_idea(*, actor: Member, idea: Idea) -> bool:
    """Withdraw one's vote; True if this call removed it."""
    require_writer(actor)
    locked = _lock_readable(actor, idea)
    deleted, _rows = Vote.objects.filter(idea=locked, member=actor).delete()
    if not deleted:
        return False
    Idea.objects.filter(pk=locked.pk).update(vote_count=F("vote_count") - 1)
    record_activity(actor=actor, verb=Verb.IDEA_UNVOTE, subject=locked, space_id=locked.space_id)
    return True


@transaction.atomic
def follow_idea(*, actor: Member, idea: Idea) -> bool:
    """Hear of the idea's status changes without voting; True if newly following."""
    require_writer(actor)
    locked = _lock_readable(actor, idea)
    try:
        with transaction.atomic():
            Follow.objects.create(idea=locked, member=actor)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def unfollow_idea(*, actor: Member, idea: Idea) -> bool:
    require_writer(actor)
    deleted, _rows = Follow.objects.filter(idea_id=idea.pk, member=actor).delete()
    return bool(deleted)


# --- the status workflow -----------------------------------------------------------------------


@transaction.atomic
def change_idea_status(
    *,
    actor: Member,
    idea: Idea,
    status: str,
    note: str,
    revisit_at: datetime | None = None,
) -> Idea:
    """Move an idea to ``status`` with a note members see (staff only).

    ``revisit_at`` parks an idea under review (or planned): the review queue shows it again on
    that date. Keeping the status is allowed only to park it again. A duplicate is made with
    mark_duplicate, and a merged duplicate keeps its status: its votes live on the original now.
    """
    require_idea_staff(actor)
    note = _clean_note(note)
    if status not in Status.values:
        raise ValidationError({"status": _("Choose one of the statuses.")}, code="invalid_status")
    if status == Status.DUPLICATE:
        raise ValidationError(
            {"status": _("Mark a duplicate by naming the original idea.")}, code="use_duplicate"
        )
    now = timezone.now()
    if revisit_at is not None:
        if status not in PARKABLE:
            raise ValidationError(
                {"revisit_at": _("Only ideas under review or planned can be parked.")},
                code="not_parkable",
            )
        if revisit_at <= now:
            raise ValidationError(
                {"revisit_at": _("Choose a date in the future.")}, code="revisit_in_past"
            )
    locked = _lock_readable(actor, idea)
    if locked.status == Status.DUPLICATE:
        raise ValidationError(
            _("This idea was merged into another one: change the original's status instead."),
            code="merged",
        )
    if locked.status == status and revisit_at is None:
        raise ValidationError(
            {"status": _("The idea has this status already.")}, code="same_status"
        )
    recipients = notices.audience(locked)
    change = _apply_status(
        locked, actor=actor, status=status, note=note, now=now, revisit_at=revisit_at
    )
    record_audit(
        actor=actor,
        action=AuditAction.IDEA_STATUS,
        target=locked,
        reason=note,
        data={
            "from": change.old_status,
            "to": status,
            "revisit_at": revisit_at.isoformat() if revisit_at else None,
        },
    )
    notices.status_changed(idea=locked, change=change, recipients=recipients, actor=actor)
    return locked


@transaction.atomic
def mark_duplicate(*, actor: Member, idea: Idea, original: Idea, note: str) -> Idea:
    """Merge ``idea`` into ``original`` (staff only): its votes and followers move over.

    A member who voted for both keeps one vote on the original; the original's vote_count is
    counted again from its rows, so it stays exact. The duplicate's author follows the original.
    """
    require_idea_staff(actor)
    note = _clean_note(note)
    if idea.pk == original.pk:
        raise ValidationError(
            {"original": _("An idea cannot be a duplicate of itself.")}, code="same_idea"
        )
    # Both rows locked, lowest id first, whichever of the two is the duplicate.
    first, second = sorted((idea.pk, original.pk))
    locks = {pk: _lock_id(pk) for pk in (first, second)}
    locked, target = locks[idea.pk], locks[original.pk]
    for row in (locked, target):
        if not can_read_post(actor, row.post):
            raise Http404("No such idea")
        _require_open(row)
    if locked.status == Status.DUPLICATE:
        raise ValidationError(_("This idea is merged into another one already."), code="merged")
    if target.status == Status.DUPLICATE:
        raise ValidationError(
            {"original": _("That idea is itself a duplicate: choose the idea it was merged into.")},
            code="original_is_duplicate",
        )
    recipients = notices.audience(locked)
    voters_before = locked.vote_count
    already = Vote.objects.filter(idea_id=target.pk).values("member_id")
    moved = (
        Vote.objects.filter(idea_id=locked.pk)
        .exclude(member_id__in=already)
        .update(idea_id=target.pk)
    )
    both, _rows = Vote.objects.filter(idea_id=locked.pk).delete()
    following = Follow.objects.filter(idea_id=target.pk).values("member_id")
    Follow.objects.filter(idea_id=locked.pk).exclude(member_id__in=following).update(
        idea_id=target.pk
    )
    Follow.objects.filter(idea_id=locked.pk).delete()
    if locked.author_id != target.author_id:
        Follow.objects.get_or_create(idea_id=target.pk, member_id=locked.author_id)
    target.vote_count = _count_votes(target.pk)
    target.save(update_fields=["vote_count"])
    # Ideas merged into this one earlier point at the original now (their votes and followers
    # moved here with them, and just moved on with this idea's).
    chained = Idea.objects.filter(duplicate_of_id=locked.pk).update(duplicate_of_id=target.pk)
    locked.vote_count = 0
    locked.duplicate_of = target
    change = _apply_status(
        locked,
        actor=actor,
        status=Status.DUPLICATE,
        note=note,
        now=timezone.now(),
        duplicate_of=target,
    )
    record_audit(
        actor=actor,
        action=AuditAction.IDEA_DUPLICATE,
        target=locked,
        reason=note,
        data={
            "from": change.old_status,
            "to": Status.DUPLICATE,
            "original": target.pk,
            "votes": voters_before,
            "moved": moved,
            "voted_for_both": both,
            "chained": chained,
        },
    )
    notices.status_changed(idea=locked, change=change, recipients=recipients, actor=actor)
    notices.merged_into(duplicate=locked, original=target, change=change, votes=moved, actor=actor)
    return locked


def _apply_status(
    idea: Idea,
    *,
    actor,
    status: str,
    note: str,
    now,
    revisit_at=None,
    duplicate_of: Idea | None = None,
) -> StatusChange:
    """Write the new status, the dates the funnel reads, the history row and the Activity row.

    Every change sets the revisit date anew: a change without one takes the idea out of the
    parked list."""
    old = idea.status
    idea.status = status
    idea.status_changed_at = now
    idea.revisit_at = revisit_at
    fields = ["status", "status_changed_at", "revisit_at", "realized_at"]
    if duplicate_of is not None:
        fields += ["vote_count", "duplicate_of"]
    if idea.reviewed_at is None and status != Status.NEW:
        idea.reviewed_at = now
        fields.append("reviewed_at")
    if idea.planned_at is None and status in (Status.PLANNED, Status.REALIZED):
        idea.planned_at = now
        fields.append("planned_at")
    if status == Status.REALIZED:
        idea.realized_at = idea.realized_at if old == Status.REALIZED else now
    else:
        idea.realized_at = None
    if idea.first_response_at is None:
        idea.first_response_at = now
        fields.append("first_response_at")
    idea.save(update_fields=fields)
    change = StatusChange.objects.create(
        idea=idea,
        old_status=old,
        new_status=status,
        note=note,
        note_html=render_markdown(note, tags=()),  # a staff note gives no post a tag
        actor=actor,
        duplicate_of=duplicate_of,
        revisit_at=revisit_at,
        created_at=now,
    )
    record_activity(
        actor=actor,
        verb=Verb.IDEA_STATUS,
        subject=idea,
        space_id=idea.space_id,
        data={"old": old, "new": status, "change": change.pk},
    )
    pages_changed()
    return change


def note_staff_comment(*, post, comment) -> None:
    """A comment joined an idea's thread: the first by staff (other than the idea's author) is
    the idea's first staff response, unless a status change came first. Called inside
    add_comment's transaction (through the comment_added signal)."""
    if post.kind != Kind.IDEA or comment.created_by_id == post.created_by_id:
        return
    if not comment.author.is_staff:
        return
    Idea.objects.filter(pk=post.pk, first_response_at__isnull=True).update(
        first_response_at=comment.created_at or timezone.now()
    )


# --- the community's status labels ---------------------------------------------------------


@transaction.atomic
def update_status_styles(*, actor: Member, styles: dict[str, dict]) -> list[StatusStyle]:
    """Managers set each status's label (empty: the translated default), color and order."""
    require_manager(actor)
    unknown = set(styles) - set(Status.values)
    if unknown:
        raise ValidationError(_("Unknown statuses: %s") % ", ".join(sorted(unknown)))
    saved = []
    for status, values in styles.items():
        row = StatusStyle.objects.select_for_update().filter(status=status).first()
        row = row or StatusStyle(status=status)
        row.label = clean_text(
            values.get("label", ""), field="label", max_length=40, required=False
        )
        row.color = values["color"]
        row.position = values.get("position", 0)
        row.full_clean()
        row.save()
        saved.append(row)
    record_activity(actor=actor, verb=Verb.SETTINGS_EDIT, data={"idea_statuses": sorted(styles)})
    pages_changed()
    forget_styles()
    transaction.on_commit(forget_styles)
    return saved


# --- pieces ------------------------------------------------------------------------------------


def _lock(idea: Idea) -> Idea:
    return _lock_id(idea.pk)


def _lock_id(pk: int) -> Idea:
    """The idea row locked for this transaction, with its post (not locked) to check."""
    locked = (
        Idea.objects.select_for_update(of=("self",)).select_related("post").filter(pk=pk).first()
    )
    if locked is None:
        raise Http404("No such idea")
    return locked


def _lock_readable(actor, idea: Idea) -> Idea:
    locked = _lock(idea)
    if not can_read_post(actor, locked.post):
        raise Http404("No such idea")
    _require_open(locked)
    return locked


def _require_open(idea: Idea) -> None:
    """The idea may have been deleted or hidden since the page showed it."""
    post = idea.post
    if post.status != PostStatus.PUBLISHED or post.deleted_at is not None:
        raise Http404("No such idea")


def _count_votes(pk: int) -> int:
    return Vote.objects.filter(idea_id=pk).count()


def _clean_note(note: str) -> str:
    return clean_text(note, field="note", max_length=MAX_NOTE)
