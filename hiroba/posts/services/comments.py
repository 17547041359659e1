"""Comments with one level of replies."""

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_writer
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.audit.models import AuditAction
from hiroba.core.errors import Refused
from hiroba.core.markdown import render_markdown
from hiroba.core.ratelimit import check_rate
from hiroba.core.text import clean_text, extract_hashtags
from hiroba.posts.holds import close_on_delete, hold_for_text, open_hold
from hiroba.posts.models import Comment, CommentStatus, Post, Status, Tag
from hiroba.posts.permissions import (
    can_delete_comment,
    can_read_comment,
    can_read_post,
    readable_posts,
)
from hiroba.posts.services.common import MAX_COMMENT, choose_author
from hiroba.posts.services.visibility import change_comment, insert_comment, lock_post_state
from hiroba.posts.words import screen


@transaction.atomic
def add_comment(
    *,
    actor: Member,
    post: Post,
    body: str,
    parent: Comment | None = None,
    as_account: Member | None = None,
) -> Comment:
    """Comment on a post, or reply to a comment; a reply to a reply joins the same thread.

    Word rules apply: a blocked word refuses the comment, a word to review holds it (only its
    writer and moderators see it until approved), a masked word is replaced. A post (or comment
    replied to) deleted or hidden since the caller read it refuses the comment with a 404.
    """
    require_writer(actor)
    # Under the thread's lock, the post and the comment replied to are as they are now, and no
    # deletion can commit before this comment does (lock_thread).
    lock_post_state(post)
    if not can_read_post(actor, post) or not post.is_visible:
        raise Http404("No such post")
    if parent is not None:
        if parent.post_id == post.pk:
            parent.refresh_from_db(fields=["status", "deleted_at"])
        if parent.post_id != post.pk or not can_read_comment(actor, parent):
            raise Http404("No such comment")
        if parent.parent_id is not None:
            parent = Comment.objects.get(pk=parent.parent_id)
    author = choose_author(actor, as_account)
    body = clean_text(body, field="body", max_length=MAX_COMMENT)
    texts, screening = screen({"body": body})
    body = texts["body"]
    check_rate(actor=actor, action="comment")
    hold = hold_for_text(screening)
    comment = insert_comment(
        actor=actor,
        status=CommentStatus.HELD if hold else CommentStatus.PUBLISHED,
        reason=hold[1] if hold else "",
        post=post,
        parent=parent,
        author=author,
        created_by=actor,
        body=body,
        body_html=render_comment(body, space_id=post.space_id),
    )
    if hold:
        open_hold(comment=comment, reason=hold[0], note=hold[1])
    data = {"post": post.pk} | ({"as": author.pk} if author.pk != actor.pk else {})
    record_activity(
        actor=actor, verb=Verb.COMMENT, subject=comment, space_id=post.space_id, data=data
    )
    return comment


def render_comment(body: str, *, space_id: int | None) -> str:
    """A comment's HTML (on a post in ``space_id``; None for an article). A comment gives no post
    a tag, so its hashtags link only to tags whose page every reader of the comment can open:
    tags with a post visitors may read, or with one in the comment's own space (whoever reads
    the comment reads that space). A tag only in comments, or only in a restricted space
    elsewhere, would be a 404 for them."""
    names = extract_hashtags(body)
    if not names:
        return render_markdown(body, tags=())
    tagged = Post.objects.filter(tags=OuterRef("pk"))
    anyone = readable_posts(AnonymousUser(), tagged)
    same_space = tagged.filter(space_id=space_id, status=Status.PUBLISHED, deleted_at__isnull=True)
    linked = Tag.objects.filter(name__in=names).filter(Exists(anyone) | Exists(same_space))
    return render_markdown(body, tags=linked.values_list("name", flat=True))


@transaction.atomic
def delete_comment(*, actor: Member, comment: Comment, reason: str = "") -> Comment:
    """Soft delete; replies stay, shown under a "deleted" placeholder."""
    require_writer(actor)
    if not can_delete_comment(actor, comment):
        raise Refused(_("You cannot delete this comment."), code="forbidden")
    comment, entry = change_comment(
        actor=actor, comment=comment, action=AuditAction.COMMENT_DELETE, reason=reason, deleted=True
    )
    if entry is not None:
        close_on_delete(actor=actor, comment=comment)
        record_activity(
            actor=actor, verb=Verb.COMMENT_DELETE, subject=comment, space_id=comment.post.space_id
        )
    return comment
