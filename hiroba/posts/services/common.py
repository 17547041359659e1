"""Pieces the post, article and comment services share."""

from django.db.models import F
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.accounts.permissions import can_post_as
from hiroba.core.errors import Refused
from hiroba.core.text import extract_hashtags
from hiroba.posts.models import Post, PostTag, Tag

MAX_BODY = 20_000
MAX_COMMENT = 5_000


def choose_author(actor, as_account: Member | None) -> Member:
    """The account a post or comment shows: the actor, or an official account an editor posts as."""
    if as_account is None:
        return actor
    if not can_post_as(actor, as_account):
        raise Refused(_("You cannot post as this account."), code="cannot_post_as")
    return as_account


def sync_tags(post: Post) -> None:
    """Make the tags of a visible post match its hashtags (none while draft or deleted); counters stay exact."""
    wanted = set(extract_hashtags(f"{post.title}\n{post.body}")) if post.is_visible else set()
    current = dict(PostTag.objects.filter(post=post).values_list("tag__name", "tag_id"))
    removed = [tag_id for name, tag_id in current.items() if name not in wanted]
    if removed:
        PostTag.objects.filter(post=post, tag_id__in=removed).delete()
        Tag.objects.filter(pk__in=removed).update(post_count=F("post_count") - 1)
    for name in sorted(wanted - set(current)):
        tag, _created = Tag.objects.get_or_create(name=name)
        PostTag.objects.create(post=post, tag=tag, published_at=post.published_at)
        Tag.objects.filter(pk=tag.pk).update(post_count=F("post_count") + 1)
    if current and post.published_at:
        PostTag.objects.filter(post=post).update(published_at=post.published_at)
