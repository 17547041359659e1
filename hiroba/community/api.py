"""Spaces: the list the caller may read, one space, and its posts (newest first, keyset pages)."""

from django.http import HttpRequest
from ninja import Query, Router

from hiroba.api.common import check_slug, require_reader
from hiroba.api.schemas import ERRORS
from hiroba.community.permissions import access_space, visible_space_ids
from hiroba.community.schemas import SpaceOut
from hiroba.community.selectors import joined_space_ids, list_visible_spaces
from hiroba.posts import selectors
from hiroba.posts.schemas import FeedParams, PostPageOut, post_page

router = Router()


def _with_joined(actor, spaces: list) -> list:
    joined = joined_space_ids(actor)
    for space in spaces:
        space.joined = space.pk in joined
    return spaces


@router.get("", response={200: list[SpaceOut], **ERRORS}, summary="Spaces the caller may read")
def list_spaces(request: HttpRequest):
    actor = request.auth
    require_reader(actor)
    return _with_joined(actor, list_visible_spaces(visible_space_ids(actor)))


@router.get("/{slug}", response={200: SpaceOut, **ERRORS}, summary="One space")
def get_space(request: HttpRequest, slug: str):
    space = access_space(request.auth, check_slug(slug))
    return _with_joined(request.auth, [space])[0]


@router.get(
    "/{slug}/posts", response={200: PostPageOut, **ERRORS}, summary="A space's posts, newest first"
)
def list_space_posts(request: HttpRequest, slug: str, params: Query[FeedParams]):
    space = access_space(request.auth, check_slug(slug))
    page = selectors.list_space_posts(request.auth, space, cursor=params.cursor, size=params.limit)
    return post_page(request.auth, page)
