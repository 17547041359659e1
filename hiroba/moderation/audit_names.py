"""How the audit log names what moderation and the apps below it own: posts, comments,
members, word rules, the community and its spaces (see hiroba.core.audit_targets)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hiroba.accounts.models import Member
from hiroba.community.models import Community, Space
from hiroba.core.audit_targets import register_target
from hiroba.core.plaintext import markdown_excerpt
from hiroba.moderation.models import WordRule
from hiroba.posts.models import Comment, Post


def register_moderation_targets() -> None:
    """The targets moderation and the apps below it own: posts, comments, members, word rules,
    the community and its spaces."""
    register_target("post", _("Post"), describe=_posts)
    register_target("comment", _("Comment"), describe=_comments)
    register_target("member", _("Member"), describe=_members)
    register_target("wordrule", _("Word rule"), describe=_word_rules)
    register_target("community", _("Community settings"), describe=_community)
    register_target("space", _("Space"), describe=_spaces)


def _posts(ids: list[int]) -> dict:
    rows = Post.objects.filter(pk__in=ids).only("id", "title", "body")
    return {
        post.pk: (
            post.title or markdown_excerpt(post.body, 60),
            reverse("posts:detail", args=[post.pk]),
        )
        for post in rows
    }


def _comments(ids: list[int]) -> dict:
    rows = Comment.objects.filter(pk__in=ids).only("id", "post_id", "body")
    return {
        comment.pk: (
            markdown_excerpt(comment.body, 60),
            f"{reverse('posts:detail', args=[comment.post_id])}#comment-{comment.pk}",
        )
        for comment in rows
    }


def _members(ids: list[int]) -> dict:
    rows = Member.objects.filter(pk__in=ids).only("id", "handle", "display_name")
    return {
        member.pk: (str(member), reverse("moderation:member", args=[member.handle]))
        for member in rows
    }


def _word_rules(ids: list[int]) -> dict:
    url = reverse("moderation:word_rules")
    return {
        pk: (phrase, url)
        for pk, phrase in WordRule.objects.filter(pk__in=ids).values_list("pk", "phrase")
    }


def _community(ids: list[int]) -> dict:
    url = reverse("community:settings")
    return {
        pk: (name, url)
        for pk, name in Community.objects.filter(pk__in=ids).values_list("pk", "name")
    }


def _spaces(ids: list[int]) -> dict:
    rows = Space.objects.filter(pk__in=ids).values_list("pk", "name", "slug")
    return {pk: (name, reverse("community:space_edit", args=[slug])) for pk, name, slug in rows}
