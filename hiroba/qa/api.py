"""Questions and answers: accepted answers, official staff answers, the unanswered queue.

Answers are comments: posting one here is the same as POST /posts/{id}/comments.
"""

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from hiroba.accounts.permissions import is_member, require_writer
from hiroba.community.permissions import access_space, require_reader
from hiroba.core.api.body import JsonBody, JsonOrMultipart
from hiroba.core.api.params import MAX_ID, check_slug
from hiroba.core.api.schemas import ERRORS
from hiroba.core.errors import Refused
from hiroba.posts import selectors as post_selectors
from hiroba.posts.permissions import access_comment
from hiroba.posts.services import add_comment
from hiroba.qa import selectors, services
from hiroba.qa.permissions import (
    access_question,
    can_accept_answers,
    is_official_answer,
)
from hiroba.qa.schemas import (
    AcceptIn,
    AnswerIn,
    AnswerOut,
    QuestionDetailOut,
    QuestionForm,
    QuestionIn,
    QuestionListParams,
    QuestionOut,
    QuestionPageOut,
)

router = Router()

Id = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("", response={200: QuestionPageOut, **ERRORS}, summary="Questions, newest first")
def list_questions(request: HttpRequest, params: Query[QuestionListParams]):
    actor = request.auth
    require_reader(actor)
    if params.tab == "mine" and not is_member(actor):
        raise Refused(_("Please log in to do this."), code="login_required")
    space = access_space(actor, check_slug(params.space)) if params.space else None
    page = selectors.list_questions(
        actor, tab=params.tab, space=space, cursor=params.cursor, size=params.limit
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post(
    "",
    response={201: QuestionDetailOut, **ERRORS},
    summary="Ask a question in a space (JSON, or multipart/form-data with photos)",
)
def ask_question(request: HttpRequest, payload: JsonOrMultipart[QuestionIn, QuestionForm]):
    actor = request.auth
    require_writer(actor)
    space = access_space(actor, check_slug(payload.space))
    question = services.ask_question(
        actor=actor, space=space, title=payload.title, body=payload.body, photos=payload.photos
    )
    return Status(201, _detail(request, access_question(actor, question.pk)))


@router.get(
    "/{post_id}",
    response={200: QuestionDetailOut, **ERRORS},
    summary="A question with its answers, the accepted one first",
)
def get_question(request: HttpRequest, post_id: Id):
    return _detail(request, access_question(request.auth, post_id))


@router.post("/{post_id}/answers", response={201: AnswerOut, **ERRORS}, summary="Answer a question")
def answer_question(request: HttpRequest, post_id: Id, payload: JsonBody[AnswerIn]):
    actor = request.auth
    require_writer(actor)
    question = access_question(actor, post_id)
    comment = add_comment(actor=actor, post=question.post, body=payload.body)
    comment.liked = False
    comment.is_official = is_official_answer(comment)
    comment.by_asker = comment.created_by_id == question.asker_id
    return Status(201, comment)


@router.post(
    "/{post_id}/accepted-answer",
    response={200: QuestionOut, **ERRORS},
    summary="Accept an answer, or change the accepted answer (the asker or staff)",
)
def accept_answer(request: HttpRequest, post_id: Id, payload: JsonBody[AcceptIn]):
    actor = request.auth
    require_writer(actor)
    question = access_question(actor, post_id)
    chosen = access_comment(actor, payload.answer)
    services.accept_answer(actor=actor, question=question, answer=chosen)
    return access_question(actor, post_id)


@router.delete(
    "/{post_id}/accepted-answer",
    response={200: QuestionOut, **ERRORS},
    summary="Remove the acceptance: the question is open again (the asker or staff)",
)
def unaccept_answer(request: HttpRequest, post_id: Id):
    actor = request.auth
    require_writer(actor)
    question = access_question(actor, post_id)
    services.unaccept_answer(actor=actor, question=question)
    return access_question(actor, post_id)


def _detail(request, question):
    actor = request.auth
    thread = selectors.get_question_thread(actor, question)
    for answer in thread.answers:
        for shown in (answer, *answer.shown_replies):
            shown.liked = shown.pk in thread.liked_comment_ids
        answer.is_accepted = answer is thread.accepted
        answer.is_official = answer.deleted_at is None and is_official_answer(answer)
        answer.by_asker = answer.created_by_id == question.asker_id
    question.answers = thread.answers
    question.liked = bool(post_selectors.liked_post_ids(actor, [question.post]))
    question.can_accept = can_accept_answers(actor, question)
    return question
