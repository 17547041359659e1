"""Posts, comments and likes. Reads go through the selectors and permission fetchers, writes
through the services, so the API keeps exactly the rules the pages keep."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from hiroba.accounts.permissions import require_writer
from hiroba.community.permissions import access_space, require_reader
from hiroba.core.api.body import JsonBody, JsonOrMultipart
from hiroba.core.api.params import MAX_ID, check_slug
from hiroba.core.api.schemas import ERRORS
from hiroba.posts import selectors, services
from hiroba.posts.compose import values_from_payload
from hiroba.posts.models import Kind
from hiroba.posts.permissions import access_comment, access_post
from hiroba.posts.schemas import (
    CommentIn,
    CommentOut,
    FeedParams,
    HomeFeedParams,
    PostOut,
    PostPageOut,
    ReactionOut,
    ThreadOut,
    mark_liked,
    post_bodies,
    post_page,
)

router = Router()
comments_router = Router()
# Mounted at /spaces beside community's own routes: a space's posts are read by posts' rules.
space_posts_router = Router()

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
# Made once the apps are ready, with the compose add-ons they registered (a poll).
PostIn, PostForm = post_bodies()


@router.get("", response={200: PostPageOut, **ERRORS}, summary="The home feed")
def list_feed(request: HttpRequest, params: Query[HomeFeedParams]):
    require_reader(request.auth)
    page = selectors.list_feed(
        request.auth, order=params.order, cursor=params.cursor, size=params.limit
    )
    return post_page(request.auth, page)


@space_posts_router.get(
    "/{slug}/posts",
    response={200: PostPageOut, **ERRORS},
    summary="A space's posts, newest first",
    # The name it had when community served it, which generated clients call.
    operation_id="community_list_space_posts",
)
def list_space_posts(request: HttpRequest, slug: str, params: Query[FeedParams]):
    space = access_space(request.auth, check_slug(slug))
    page = selectors.list_space_posts(request.auth, space, cursor=params.cursor, size=params.limit)
    return post_page(request.auth, page)


@router.post(
    "",
    response={201: PostOut, **ERRORS},
    summary="Publish a post (JSON, or multipart/form-data with photos)",
)
def create_post(request: HttpRequest, payload: JsonOrMultipart[PostIn, PostForm]):
    actor = request.auth
    require_writer(actor)
    space = access_space(actor, check_slug(payload.space))
    post = services.publish_post(
        actor=actor,
        space=space,
        title=payload.title,
        body=payload.body,
        photos=payload.photos,
        # Each add-on (a poll) is checked before anything is written.
        add_ons=values_from_payload(Kind.POST, payload),
    )
    return Status(201, mark_liked(actor, [access_post(actor, post.pk)])[0])


@router.get("/{post_id}", response={200: PostOut, **ERRORS}, summary="One post")
def get_post(request: HttpRequest, post_id: Id):
    post = access_post(request.auth, post_id)
    services.record_read(actor=request.auth, post=post)
    return mark_liked(request.auth, [post])[0]


@router.delete("/{post_id}", response={204: None, **ERRORS}, summary="Delete one's own post")
def delete_post(request: HttpRequest, post_id: Id):
    require_writer(request.auth)
    post = access_post(request.auth, post_id)
    services.delete_post(actor=request.auth, post=post)
    return Status(204, None)


@router.get(
    "/{post_id}/comments",
    response={200: ThreadOut, **ERRORS},
    summary="A post's comments, oldest first, each with its replies",
)
def list_comments(request: HttpRequest, post_id: Id):
    post = access_post(request.auth, post_id)
    thread = selectors.get_thread(request.auth, post)
    for comment in thread.comments:
        for shown in (comment, *comment.shown_replies):
            shown.liked = shown.pk in thread.liked_comment_ids
    return {"items": thread.comments, "total": thread.total}


@router.post(
    "/{post_id}/comments",
    response={201: CommentOut, **ERRORS},
    summary="Comment on a post, or reply to a comment",
)
def create_comment(request: HttpRequest, post_id: Id, payload: JsonBody[CommentIn]):
    actor = request.auth
    require_writer(actor)
    post = access_post(actor, post_id)
    parent = access_comment(actor, payload.parent) if payload.parent else None
    comment = services.add_comment(actor=actor, post=post, body=payload.body, parent=parent)
    comment.liked = False
    return Status(201, comment)


@router.post("/{post_id}/reactions", response={200: ReactionOut, **ERRORS}, summary="Like a post")
def like_post(request: HttpRequest, post_id: Id):
    require_writer(request.auth)
    post = access_post(request.auth, post_id)
    services.add_reaction(actor=request.auth, post=post)
    post.refresh_from_db(fields=["reaction_count"])
    return {"liked": True, "reaction_count": post.reaction_count}


@router.delete(
    "/{post_id}/reactions", response={200: ReactionOut, **ERRORS}, summary="Take back a like"
)
def unlike_post(request: HttpRequest, post_id: Id):
    require_writer(request.auth)
    post = access_post(request.auth, post_id)
    services.remove_reaction(actor=request.auth, post=post)
    post.refresh_from_db(fields=["reaction_count"])
    return {"liked": False, "reaction_count": post.reaction_count}


@comments_router.delete(
    "/{comment_id}", response={204: None, **ERRORS}, summary="Delete one's own comment"
)
def delete_comment(request: HttpRequest, comment_id: Id):
    require_writer(request.auth)
    comment = access_comment(request.auth, comment_id)
    services.delete_comment(actor=request.auth, comment=comment)
    return Status(204, None)


@comments_router.post(
    "/{comment_id}/reactions", response={200: ReactionOut, **ERRORS}, summary="Like a comment"
)
def like_comment(request: HttpRequest, comment_id: Id):
    require_writer(request.auth)
    comment = access_comment(request.auth, comment_id)
    services.add_reaction(actor=request.auth, comment=comment)
    comment.refresh_from_db(fields=["reaction_count"])
    return {"liked": True, "reaction_count": comment.reaction_count}


@comments_router.delete(
    "/{comment_id}/reactions",
    response={200: ReactionOut, **ERRORS},
    summary="Take back a like on a comment",
)
def unlike_comment(request: HttpRequest, comment_id: Id):
    require_writer(request.auth)
    comment = access_comment(request.auth, comment_id)
    services.remove_reaction(actor=request.auth, comment=comment)
    comment.refresh_from_db(fields=["reaction_count"])
    return {"liked": False, "reaction_count": comment.reaction_count}
