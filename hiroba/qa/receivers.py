"""The question app follows comments through the posts app's signals; the rules live in services."""

from hiroba.posts.signals import comment_added, comment_removed
from hiroba.qa import services


def _on_comment_added(sender, *, post, comment, **kwargs) -> None:
    services.note_answer_added(post=post, comment=comment)


def _on_comment_removed(sender, *, post, comment, **kwargs) -> None:
    services.note_answer_removed(post=post, comment=comment)


def connect() -> None:
    comment_added.connect(_on_comment_added, dispatch_uid="qa.answer_added")
    comment_removed.connect(_on_comment_removed, dispatch_uid="qa.answer_removed")
