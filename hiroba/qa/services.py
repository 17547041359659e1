"""Every change to a question's own state: asking, accepting an answer, following its answers.

Answers are the question's top-level comments (posts' add_comment and delete_comment write
them); the receivers in receivers.py call note_answer_added / note_answer_removed inside those
services' transactions. Every change locks the question row first, so two acceptances, or an
acceptance and the removal of its answer, arriving at once leave one consistent state.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_writer
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.community.models import Space
from hiroba.core.errors import Refused
from hiroba.core.text import MAX_TITLE, clean_text
from hiroba.notifications.services import notify
from hiroba.posts.models import Comment, CommentStatus, Kind, Post, Status
from hiroba.posts.services import publish_post
from hiroba.qa.models import Question, State
from hiroba.qa.permissions import (
    can_accept_answers,
    is_acceptable_answer,
    is_qa_staff,
    unsaved_question,
)

# The notification verb an answerer gets (registered in apps.py).
ANSWER_ACCEPTED = "answer_accepted"


def ask_question(
    *,
    actor: Member,
    space: Space,
    title: str,
    body: str,
    photos=(),
    as_account: Member | None = None,
) -> Question:
    """Ask in a space: the question's post (publish_post's checks and limits) and its own row,
    written by write_question inside publish_post's transaction.

    A question needs a title: it is what the lists, the similar-question hints and search
    engines show.
    """
    title = clean_text(title, field="title", max_length=MAX_TITLE)
    post = publish_post(
        actor=actor,
        space=space,
        title=title,
        body=body,
        photos=photos,
        as_account=as_account,
        kind=Kind.QUESTION,
    )
    return post.question  # cached on the post by write_question


def write_question(*, actor: Member, post: Post) -> Question:
    """The question's row, inside publish_post's transaction (the kind's hook: kind.py)."""
    question = unsaved_question(post)
    question.save(force_insert=True)
    record_activity(
        actor=actor, verb=Verb.QUESTION_ASK, subject=question, space_id=question.space_id
    )
    return question


@transaction.atomic
def accept_answer(*, actor: Member, question: Question, answer: Comment) -> Question:
    """Mark ``answer`` as the accepted one, or change the accepted answer to it.

    The asker or staff (is_qa_staff) decide; the asker cannot accept their own answer.
    Accepting the answer that is already accepted changes nothing.
    """
    require_writer(actor)
    # The answer's row is locked before the question's, the order in which deleting or hiding
    # a comment takes them (the comment, then the question through comment_removed). The other
    # order deadlocks on PostgreSQL: pointing accepted_answer at the comment needs a share lock
    # on it, which a deletion holding the comment and waiting for the question never gives up.
    answer = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("author")
        .filter(pk=answer.pk)
        .first()
    )
    locked, _created = _lock(question.post)
    _require_open(locked)
    if not can_accept_answers(actor, locked):
        raise Refused(
            _("Only the person who asked, or staff, can choose the accepted answer."),
            code="not_asker",
        )
    if answer is None or not is_acceptable_answer(locked, answer):
        raise ValidationError(
            {"answer": _("Choose one of the answers shown under this question.")},
            code="not_an_answer",
        )
    if answer.created_by_id == locked.asker_id and not is_qa_staff(actor):
        raise Refused(_("You cannot accept your own answer."), code="own_answer")
    if locked.accepted_answer_id == answer.pk:
        return locked
    previous = locked.accepted_answer_id
    now = timezone.now()
    first = locked.first_solved_at is None
    locked.accepted_answer = answer
    locked.accepted_by = actor
    locked.accepted_at = now
    locked.first_solved_at = locked.first_solved_at or now
    locked.solved_by_staff = answer.author.is_staff
    locked.state = State.SOLVED
    locked.changed_at = now
    locked.save(
        update_fields=[
            "accepted_answer",
            "accepted_by",
            "accepted_at",
            "first_solved_at",
            "solved_by_staff",
            "state",
            "changed_at",
        ]
    )
    record_activity(
        actor=actor,
        verb=Verb.QUESTION_SOLVED,
        subject=locked,
        space_id=locked.space_id,
        data={
            "answer": answer.pk,
            "answerer": answer.author_id,
            "by_staff": locked.solved_by_staff,
            "first": first,
            "previous": previous,
            "seconds": _seconds_since(locked.asked_at, now),
        },
    )
    # The answerer hears of it once per answer, however often the acceptance moves back and forth.
    notify(
        recipients=[answer.created_by_id],
        verb=ANSWER_ACCEPTED,
        actor=actor,
        target=answer,
        url=f"{reverse('qa:detail', args=[locked.pk])}#answer-{answer.pk}",
        params={"title": locked.post.title},
        key=f"{locked.pk}:{answer.pk}",
    )
    return locked


@transaction.atomic
def unaccept_answer(*, actor: Member, question: Question) -> Question:
    """Remove the acceptance: the question is open again (answered, or unanswered)."""
    require_writer(actor)
    locked, _created = _lock(question.post)
    _require_open(locked)
    if not can_accept_answers(actor, locked):
        raise Refused(
            _("Only the person who asked, or staff, can choose the accepted answer."),
            code="not_asker",
        )
    if locked.accepted_answer_id is not None:
        _clear_acceptance(locked, actor=actor, reason="unaccepted")
    return locked


def note_answer_added(*, post: Post, comment: Comment) -> Question | None:
    """A comment joined a question's thread: count it if it is an answer, note the first answer.

    Called inside add_comment's transaction (through the comment_added signal).
    """
    if post.kind != Kind.QUESTION or comment.parent_id is not None:
        return None
    question, _created = _lock(post)
    now = timezone.now()
    question.answer_count = _count_answers(question)
    question.changed_at = now
    fields = ["answer_count", "state", "changed_at"]
    counts = _is_counted_answer(question, comment)
    if counts and question.first_answer_at is None and question.answer_count:
        question.first_answer_at = now
        fields.append("first_answer_at")
        answerer = comment.author
        record_activity(
            actor=comment.created_by,
            verb=Verb.QUESTION_ANSWERED,
            subject=question,
            space_id=question.space_id,
            data={
                "answer": comment.pk,
                "answerer": answerer.pk,
                "by_staff": answerer.is_staff,
                "seconds": _seconds_since(question.asked_at, now),
            },
        )
    question.state = _state_of(question)
    question.save(update_fields=fields)
    return question


def note_answer_removed(*, post: Post, comment: Comment) -> Question | None:
    """A comment left a question's thread (deleted or hidden): recount; if it was the accepted
    answer, the question is no longer solved. Called inside the removing service's transaction."""
    if post.kind != Kind.QUESTION or comment.parent_id is not None:
        return None
    question, _created = _lock(post)
    if question.accepted_answer_id == comment.pk:
        _clear_acceptance(question, actor=None, reason="answer_removed")
    question.answer_count = _count_answers(question)
    question.state = _state_of(question)
    question.changed_at = timezone.now()
    question.save(update_fields=["answer_count", "state", "changed_at"])
    return question


# --- pieces ----------------------------------------------------------------------------------


def _lock(post: Post) -> tuple[Question, bool]:
    """The question row, locked for this transaction (made now if the post has none yet)."""
    question = Question.objects.select_for_update().filter(pk=post.pk).first()
    if question is not None:
        question.post = post
        return question, False
    if post.kind != Kind.QUESTION:
        raise Http404("No such question")
    question = unsaved_question(post)
    question.answer_count = _count_answers(question)
    question.state = _state_of(question)
    try:
        with transaction.atomic():
            question.save(force_insert=True)
    except IntegrityError:  # made by a concurrent request meanwhile
        question = Question.objects.select_for_update().get(pk=post.pk)
        question.post = post
        return question, False
    return question, True


def _require_open(question: Question) -> None:
    """The question may have been deleted or hidden since the page showed it."""
    visible = Post.objects.filter(
        pk=question.pk, status=Status.PUBLISHED, deleted_at__isnull=True
    ).exists()
    if not visible:
        raise Http404("No such question")


def _count_answers(question: Question) -> int:
    """Visible top-level comments by anyone but the asker (the asker's own are follow-ups).

    Counted again rather than moved by one: the count stays exact whichever way a comment
    leaves (deleted, hidden, both) or comes back (a held comment approved).
    """
    return (
        Comment.objects.filter(
            post_id=question.pk,
            parent__isnull=True,
            deleted_at__isnull=True,
            status=CommentStatus.PUBLISHED,
        )
        .exclude(created_by_id=question.asker_id)
        .count()
    )


def _is_counted_answer(question: Question, comment: Comment) -> bool:
    return (
        comment.created_by_id != question.asker_id
        and comment.deleted_at is None
        and comment.status == CommentStatus.PUBLISHED
    )


def _state_of(question: Question) -> str:
    if question.accepted_answer_id is not None:
        return State.SOLVED
    return State.ANSWERED if question.answer_count else State.UNANSWERED


def _clear_acceptance(question: Question, *, actor, reason: str) -> None:
    previous = question.accepted_answer_id
    question.accepted_answer = None
    question.accepted_by = None
    question.accepted_at = None
    question.solved_by_staff = None
    question.state = _state_of(question)
    question.changed_at = timezone.now()
    question.save(
        update_fields=[
            "accepted_answer",
            "accepted_by",
            "accepted_at",
            "solved_by_staff",
            "state",
            "changed_at",
        ]
    )
    record_activity(
        actor=actor,
        verb=Verb.QUESTION_UNSOLVED,
        subject=question,
        space_id=question.space_id,
        data={"answer": previous, "reason": reason},
    )


def _seconds_since(start, end) -> int:
    return max(0, int((end - start).total_seconds()))
