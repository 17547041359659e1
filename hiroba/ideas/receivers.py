"""The idea app follows comments through the posts app's signals; the rules live in services."""

from hiroba.ideas import services
from hiroba.posts.signals import comment_added


def _on_comment_added(sender, *, post, comment, **kwargs) -> None:
    services.note_staff_comment(post=post, comment=comment)


def connect() -> None:
    comment_added.connect(_on_comment_added, dispatch_uid="ideas.staff_comment")
