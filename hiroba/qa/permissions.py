"""Who may read questions and choose their accepted answer: the one place that decides.

Reading a question is reading its post (hiroba.posts.permissions); this module adds what is
particular to questions. Fetchers raise the same 404 for "does not exist" and "you may not see it".
"""

from django.db.models import QuerySet
from django.http import Http404

from hiroba.accounts.permissions import is_editor, is_member, is_moderator
from hiroba.community.models import Visibility
from hiroba.community.selectors import get_community
from hiroba.posts.models import Comment, CommentStatus, Kind, Post, Status
from hiroba.posts.permissions import access_post, is_public_post, readable_posts_q
from hiroba.qa.models import Question


def readable_questions(actor, queryset: QuerySet | None = None) -> QuerySet:
    """Questions whose post ``actor`` may read: readable_posts' rule, asked of the question table.

    The lists walk this table's own indexes; filtering through readable_posts (a subquery on the
    posts) would make the database read every question first. The rule is the same: a published,
    not deleted post outside the spaces hidden from the actor.
    """
    queryset = Question.objects.all() if queryset is None else queryset
    return queryset.filter(readable_posts_q(actor, "post__", space="space_id"))


def access_question(actor, post_id) -> Question:
    """The question ``post_id`` with its post (author, space) if ``actor`` may read it; else 404."""
    post = access_post(actor, post_id)
    if post.kind != Kind.QUESTION:
        raise Http404("No such question")
    question = Question.objects.filter(pk=post.pk).select_related("accepted_answer").first()
    if question is None:
        # A question post made before its row existed (or by a door that skipped ask_question)
        # reads as an unanswered question; the first answer or acceptance creates the row.
        question = unsaved_question(post)
    question.post = post
    return question


def unsaved_question(post: Post) -> Question:
    return Question(
        post=post, space_id=post.space_id, asker_id=post.created_by_id, asked_at=_asked_at(post)
    )


def _asked_at(post: Post):
    return post.published_at or post.created_at


def is_qa_staff(actor) -> bool:
    """Staff who look after questions: moderators, editors, managers (not read-only viewers)."""
    return is_moderator(actor) or is_editor(actor)


def is_official_answer(answer: Comment) -> bool:
    """An answer by staff or by an official editorial account is shown as the official answer."""
    return answer.author.is_staff


def can_accept_answers(actor, question: Question) -> bool:
    """The asker and staff choose the accepted answer (and may change or remove it)."""
    if not is_member(actor) or actor.is_write_blocked:
        return False
    return question.asker_id == actor.pk or is_qa_staff(actor)


def is_acceptable_answer(question: Question, answer: Comment) -> bool:
    """A visible top-level comment on this question."""
    return (
        answer.post_id == question.pk
        and answer.parent_id is None
        and answer.deleted_at is None
        and answer.status == CommentStatus.PUBLISHED
    )


def can_accept(actor, question: Question, answer: Comment) -> bool:
    """May ``actor`` make ``answer`` the accepted one?

    The asker may not accept their own answer (it would make their question "solved by a member"
    without anyone's help, and accepted answers are what points and badges will reward); staff may,
    when the asker has written down how they solved it themselves.
    """
    if not can_accept_answers(actor, question) or not is_acceptable_answer(question, answer):
        return False
    return answer.created_by_id != question.asker_id or is_qa_staff(actor)


def is_indexable(question: Question) -> bool:
    """Whether search engines may list the question: a visible question in a public space of an
    open community. Restricted, members-only and closed content gets no sitemap entry, canonical
    address, description or structured data."""
    return question.post.space_id is not None and is_public_post(question.post)


def indexable_questions() -> QuerySet:
    """Every question is_indexable would accept, for the sitemap."""
    if not get_community().is_open:
        return Question.objects.none()
    return Question.objects.filter(
        post__status=Status.PUBLISHED,
        post__deleted_at__isnull=True,
        space__visibility=Visibility.PUBLIC,
    )
