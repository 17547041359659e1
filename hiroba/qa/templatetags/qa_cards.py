"""``post|loaded_question``: a question post's Question row, only when it is already loaded.

Feed cards are rendered from the posts a feed selector loaded; a card must not query for its
question (twenty cards would make twenty queries). The row shows when the selector loaded it
with the post (``select_related("question")``) and is None otherwise: the card then shows the
question badge without the solved state.
"""

from django import template

from hiroba.posts.models import Post

register = template.Library()


@register.filter
def loaded_question(post):
    if not isinstance(post, Post) or post.kind != "question":
        return None
    if Post.question.is_cached(post):
        return getattr(post, "question", None)
    return None
