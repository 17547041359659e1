"""The site's own events that members expect to hear about: comments on their posts, answers to
their questions, replies to their comments, being added to a space. The posts and community
apps announce these through their signals (inside the service's transaction); notify() writes
after commit."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hiroba.community.signals import member_added_to_space
from hiroba.core.plaintext import markdown_excerpt
from hiroba.notifications.messages import Category, register
from hiroba.notifications.services import notify
from hiroba.posts.models import Comment, Kind
from hiroba.posts.signals import comment_added

COMMENT = "comment"
ANSWER = "answer"
REPLY = "reply"
SPACE_ADDED = "space_added"
EXCERPT_LENGTH = 40


def register_verbs() -> None:
    register(
        COMMENT,
        _("%(actor)s commented on your post “%(title)s”."),
        category=Category.OWN,
    )
    register(
        ANSWER,
        _("%(actor)s answered your question “%(title)s”."),
        category=Category.OWN,
    )
    register(
        REPLY,
        _("%(actor)s replied to your comment on “%(title)s”."),
        category=Category.OWN,
    )
    register(
        SPACE_ADDED,
        _("%(actor)s added you to the space “%(space)s”."),
        category=Category.ACCOUNT,
    )


def _comment_url(post, comment: Comment) -> str:
    if post.kind == Kind.QUESTION:
        anchor = "comment" if comment.parent_id else "answer"
        return f"{reverse('qa:detail', args=[post.pk])}#{anchor}-{comment.pk}"
    return f"{reverse('posts:detail', args=[post.pk])}#comment-{comment.pk}"


def _on_comment_added(sender, *, post, comment, **kwargs) -> None:
    """A comment became visible: tell the post's writer, or the writer of the comment replied to.

    Keyed by the comment, so a comment hidden and shown again is not announced twice.
    """
    if comment.parent_id is None:
        recipient = post.created_by_id
        verb = ANSWER if post.kind == Kind.QUESTION else COMMENT
    else:
        recipient = (
            Comment.objects.filter(pk=comment.parent_id).values_list("created_by_id", flat=True)
        ).first()
        verb = REPLY
    if recipient is None:
        return
    notify(
        recipients=[recipient],
        verb=verb,
        actor=comment.created_by,
        target=comment,
        url=_comment_url(post, comment),
        # An untitled post is named by its first words, as plain text: the name goes into
        # e-mail subjects and the notification list, where Markdown would show its marks.
        params={"title": post.title or markdown_excerpt(post.body, EXCERPT_LENGTH)},
        key=f"comment:{comment.pk}",
    )


def _on_member_added_to_space(sender, *, membership, actor, **kwargs) -> None:
    """A manager added the member: a restricted space is one they could not have found alone.

    Keyed by the membership, so a member removed and added again is told again.
    """
    space = membership.space
    notify(
        recipients=[membership.member_id],
        verb=SPACE_ADDED,
        actor=actor,
        target=space,
        url=reverse("posts:space", args=[space.slug]),
        params={"space": space.name},
        key=f"membership:{membership.pk}",
    )


def connect() -> None:
    comment_added.connect(_on_comment_added, dispatch_uid="notifications.comment_added")
    member_added_to_space.connect(
        _on_member_added_to_space, dispatch_uid="notifications.member_added_to_space"
    )
