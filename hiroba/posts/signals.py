"""Signals other apps listen to, so a kind's own app (questions, later ideas) reacts to comments
without the posts app knowing about it. Sent inside the service's transaction."""

from django.dispatch import Signal

# Sent with post=Post, comment=Comment after a comment is saved and counted.
comment_added = Signal()
# Sent with post=Post, comment=Comment after a comment leaves the thread (deleted or hidden).
comment_removed = Signal()
