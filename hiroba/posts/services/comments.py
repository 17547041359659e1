"""Comments with one level of replies."""

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import require_writer
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.core.errors import Refused
from hiroba.core.markdown import render_markdown
from hiroba.core.pagecache import pages_changed
from hiroba.core.ratelimit import check_rate
from hiroba.posts.models import Comment, Post
from hiroba.posts.permissions import can_delete_comment, can_read_post
from hiroba.posts.services.common import MAX_COMMENT, choose_author, clean_text
from hiroba.posts.signals import comment_added, comment_removed


@transaction.atomic
def add_comment(
    *,
    actor: Member,
    post: Post,
    body: str,
    parent: Comment | None = None,
    as_account: Member | None = None,
) -> Comment:
    """Comment on a post, or reply to a comment; a reply to a reply joins the same thread."""
    require_writer(actor)
    if not can_read_post(actor, post) or not post.is_visible:
        raise Http404("No such post")
    if parent is not None:
        if parent.post_id != post.pk or parent.deleted_at is not None:
            raise Http404("No such comment")
        if parent.parent_id is not None:
            parent = Comment.objects.get(pk=parent.parent_id)
    author = choose_author(actor, as_account)
    body = clean_text(body, field="body", max_length=MAX_COMMENT)
    check_rate(actor=actor, action="comment")
    comment = Comment.objects.create(
        post=post,
        parent=parent,
        author=author,
        created_by=actor,
        body=body,
        body_html=render_markdown(body),
    )
    Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
    if parent is not None:
        Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
    data = {"post": post.pk} | ({"as": author.pk} if author.pk != actor.pk else {})
    record_activity(
        actor=actor, verb=Verb.COMMENT, subject=comment, space_id=post.space_id, data=data
    )
    comment_added.send(sender=Comment, post=post, comment=comment)
    return comment


@transaction.atomic
def delete_comment(*, actor: Member, comment: Comment) -> Comment:
    """Soft delete; replies stay, shown under a "deleted" placeholder."""
    require_writer(actor)
    if not can_delete_comment(actor, comment):
        raise Refused(_("You cannot delete this comment."), code="forbidden")
    updated = Comment.objects.filter(pk=comment.pk, deleted_at__isnull=True).update(
        deleted_at=timezone.now()
    )
    comment.refresh_from_db()
    if updated:
        Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") - 1)
        if comment.parent_id:
            Comment.objects.filter(pk=comment.parent_id).update(reply_count=F("reply_count") - 1)
        pages_changed()
        record_activity(
            actor=actor, verb=Verb.COMMENT_DELETE, subject=comment, space_id=comment.post.space_id
        )
        comment_removed.send(sender=Comment, post=comment.post, comment=comment)
    return comment
