"""What the questions API reads and writes."""

from datetime import datetime
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Schema, UploadedFile
from pydantic import StrictInt, StrictStr

from hiroba.accounts.schemas import MemberBriefOut
from hiroba.core.api.params import MAX_ID
from hiroba.posts.schemas import MAX_PAGE_SIZE, CommentOut, PhotoOut, SpaceBriefOut
from hiroba.qa import selectors


class QuestionListParams(Schema):
    tab: Literal["all", "unanswered", "unsolved", "solved", "mine"] = Field(
        "all",
        description="unanswered: no answer yet; unsolved: answered, none accepted; "
        "solved: an answer is accepted; mine: the caller's questions",
    )
    space: str | None = Field(None, max_length=50, description="Only this space (its slug)")
    cursor: str | None = Field(None, max_length=200, description="next_cursor of the last page")
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class QuestionOut(Schema):
    id: int
    title: str
    state: Literal["unanswered", "answered", "solved"]
    space: SpaceBriefOut
    author: MemberBriefOut
    asked_at: datetime
    answer_count: int
    first_answer_at: datetime | None
    accepted_answer_id: int | None
    accepted_at: datetime | None
    solved_by_staff: bool | None = Field(
        description="Whether the accepted answer is by staff or an official account"
    )
    url: str = Field(description="The question's page")

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.post.title

    @staticmethod
    def resolve_space(obj):
        return obj.post.space

    @staticmethod
    def resolve_author(obj):
        return obj.post.author

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(reverse("qa:detail", args=[obj.pk]))


class QuestionPageOut(Schema):
    items: list[QuestionOut]
    next_cursor: str | None


class AnswerOut(CommentOut):
    """A top-level comment on the question, with its replies."""

    is_accepted: bool = False
    is_official: bool = Field(False, description="Written by staff or an official account")
    by_asker: bool = Field(False, description="Written by the asker (details, or a solution)")


class QuestionDetailOut(QuestionOut):
    body: str
    body_html: str
    photos: list[PhotoOut]
    reaction_count: int
    comment_count: int
    liked: bool = Field(False, description="Whether the caller likes this question")
    answers: list[AnswerOut] = Field(description="The accepted answer first, then the others")
    can_accept: bool = Field(description="Whether the caller may choose the accepted answer")

    @staticmethod
    def resolve_body(obj) -> str:
        return obj.post.body

    @staticmethod
    def resolve_body_html(obj) -> str:
        return obj.post.body_html

    @staticmethod
    def resolve_photos(obj) -> list:
        return list(obj.post.photos.all())

    @staticmethod
    def resolve_reaction_count(obj) -> int:
        return obj.post.reaction_count

    @staticmethod
    def resolve_comment_count(obj) -> int:
        return obj.post.comment_count


class QuestionIn(Schema):
    space: StrictStr = Field(description="The slug of the space to ask in")
    title: StrictStr
    body: StrictStr


class QuestionForm(QuestionIn):
    """A question sent as multipart/form-data: the same fields and photos."""

    photos: list[UploadedFile] = Field([], description="Up to 10 JPEG, PNG or WebP photos")


class AnswerIn(Schema):
    body: StrictStr


class AcceptIn(Schema):
    answer: Annotated[StrictInt, Field(ge=1, le=MAX_ID)] = Field(
        description="The id of the answer (a top-level comment on this question) to accept"
    )
