"""What the posts API reads and writes."""

from datetime import datetime
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Schema, UploadedFile
from pydantic import StrictInt, StrictStr

from hiroba.accounts.schemas import MemberBriefOut
from hiroba.core.api.params import MAX_ID
from hiroba.core.api.schemas import media_url
from hiroba.core.pagination import Page
from hiroba.posts import selectors
from hiroba.posts.compose import multipart_notes, request_schema
from hiroba.posts.models import Kind

MAX_PAGE_SIZE = 50


class FeedParams(Schema):
    cursor: str | None = Field(None, max_length=200, description="next_cursor of the last page")
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class HomeFeedParams(FeedParams):
    order: Literal["newest", "popular"] = "newest"


class SpaceBriefOut(Schema):
    slug: str
    name: str


class PhotoOut(Schema):
    url: str
    thumb_url: str
    width: int
    height: int
    alt: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        return media_url(context["request"], obj.medium or obj.image)

    @staticmethod
    def resolve_thumb_url(obj, context) -> str:
        return media_url(context["request"], obj.thumb or obj.medium or obj.image)


class PostOut(Schema):
    id: int
    kind: str
    space: SpaceBriefOut | None
    author: MemberBriefOut
    title: str
    body: str
    body_html: str
    photos: list[PhotoOut]
    published_at: datetime | None
    edited_at: datetime | None
    is_pinned: bool
    comment_count: int
    reaction_count: int
    liked: bool = Field(False, description="Whether the caller likes this post")
    url: str = Field(description="The post's page")

    @staticmethod
    def resolve_photos(obj) -> list:
        return list(obj.photos.all())

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(reverse("posts:detail", args=[obj.pk]))


class PostPageOut(Schema):
    items: list[PostOut]
    next_cursor: str | None


def mark_liked(actor, posts: list) -> list:
    liked = selectors.liked_post_ids(actor, posts)
    for post in posts:
        post.liked = post.pk in liked
    return posts


def post_page(actor, page: Page) -> dict:
    return {"items": mark_liked(actor, page.items), "next_cursor": page.next_cursor}


class PostFields(Schema):
    """A new post's own fields; ``post_bodies`` adds the compose add-ons' (posts.compose)."""

    space: StrictStr = Field(description="The slug of the space to post in")
    title: StrictStr = ""
    body: StrictStr


class PhotoFields(Schema):
    photos: list[UploadedFile] = Field([], description="Up to 10 JPEG, PNG or WebP photos")


def post_bodies() -> tuple[type[Schema], type[Schema]]:
    """``PostIn`` (JSON) and ``PostForm`` (multipart/form-data: the same fields, the add-ons'
    as JSON parts, and photos), each with the add-ons that posts take."""
    post_in = request_schema(PostFields, Kind.POST, name="PostIn")
    notes = multipart_notes(Kind.POST)
    doc = "A post sent as multipart/form-data: the same fields{} and photos.".format(
        f" ({', '.join(notes)})" if notes else ""
    )
    post_form = type("PostForm", (PhotoFields, post_in), {"__module__": __name__, "__doc__": doc})
    return post_in, post_form


class ReplyOut(Schema):
    """A comment; a deleted one that still has replies shows as a placeholder without text."""

    id: int
    parent_id: int | None
    author: MemberBriefOut | None
    body: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    is_deleted: bool
    reaction_count: int
    liked: bool = False

    @staticmethod
    def resolve_is_deleted(obj) -> bool:
        return obj.deleted_at is not None

    @staticmethod
    def resolve_author(obj):
        return None if obj.deleted_at else obj.author

    @staticmethod
    def resolve_body(obj) -> str:
        return "" if obj.deleted_at else obj.body

    @staticmethod
    def resolve_body_html(obj) -> str:
        return "" if obj.deleted_at else obj.body_html


class CommentOut(ReplyOut):
    replies: list[ReplyOut] = []

    @staticmethod
    def resolve_replies(obj) -> list:
        return getattr(obj, "shown_replies", [])


class ThreadOut(Schema):
    items: list[CommentOut]
    total: int


class CommentIn(Schema):
    body: StrictStr
    parent: Annotated[StrictInt, Field(ge=1, le=MAX_ID)] | None = Field(
        None, description="The comment this replies to"
    )


class ReactionOut(Schema):
    liked: bool
    reaction_count: int
