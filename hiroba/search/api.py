"""Search over the API: the same selectors, filters and visibility as the search page."""

from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from hiroba.accounts.schemas import MemberBriefOut
from hiroba.community.permissions import access_space, require_reader
from hiroba.core.api.params import check_slug
from hiroba.core.api.schemas import ERRORS
from hiroba.core.templatetags.hiroba_text import plain_text
from hiroba.posts.schemas import SpaceBriefOut
from hiroba.search import selectors

router = Router()

Kind = Literal["post", "article", "question"]
Period = Literal["day", "week", "month", "year"]


class SearchParams(Schema):
    q: str = Field(..., min_length=1, max_length=200, description="Words; every word must match")
    cursor: str | None = Field(None, max_length=200, description="next_cursor of the last page")
    limit: int = Field(selectors.SEARCH_PAGE_SIZE, ge=1, le=50)


class PostSearchParams(SearchParams):
    space: str | None = Field(None, description="Only this space (its slug)")
    kind: Kind | None = None
    period: Period | None = Field(None, description="Only posts published in this last period")
    order: Literal["newest", "relevant"] = "newest"


class PostHitOut(Schema):
    id: int
    kind: str
    title: str
    excerpt: str = Field(description="The start of the text, as plain text")
    space: SpaceBriefOut | None
    author: MemberBriefOut
    published_at: str | None
    comment_count: int
    reaction_count: int
    url: str

    @staticmethod
    def resolve_excerpt(obj) -> str:
        return plain_text(obj.body_html)[:200]

    @staticmethod
    def resolve_published_at(obj) -> str | None:
        return obj.published_at.isoformat() if obj.published_at else None

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(reverse("posts:detail", args=[obj.pk]))


class PostHitPageOut(Schema):
    items: list[PostHitOut]
    next_cursor: str | None


class MemberHitOut(MemberBriefOut):
    url: str

    @staticmethod
    def resolve_url(obj, context) -> str:
        path = reverse("accounts:profile", args=[obj.handle])
        return context["request"].build_absolute_uri(path)


class MemberHitPageOut(Schema):
    items: list[MemberHitOut]
    next_cursor: str | None


@router.get("/posts", response={200: PostHitPageOut, **ERRORS}, summary="Search posts")
def search_posts(request: HttpRequest, params: Query[PostSearchParams]):
    """Posts, articles and questions the caller may read containing every word of ``q``."""
    require_reader(request.auth)
    space = access_space(request.auth, check_slug(params.space)) if params.space else None
    page = selectors.search_posts(
        request.auth,
        params.q,
        space=space,
        kind=params.kind,
        period=params.period,
        order=params.order,
        cursor=params.cursor,
        size=params.limit,
    )
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/members", response={200: MemberHitPageOut, **ERRORS}, summary="Search members")
def search_members(request: HttpRequest, params: Query[SearchParams]):
    """Members whose handle or display name contains every word of ``q``."""
    require_reader(request.auth)
    page = selectors.search_members(request.auth, params.q, cursor=params.cursor, size=params.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}
