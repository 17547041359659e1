"""Every change to posts, articles, comments and reactions; pages, API, jobs and commands call these."""

from hiroba.posts.services.articles import create_article, publish_due_articles, update_article
from hiroba.posts.services.comments import add_comment, delete_comment
from hiroba.posts.services.posts import (
    delete_post,
    edit_post,
    publish_post,
    record_read,
    set_pinned,
)
from hiroba.posts.services.reactions import add_reaction, remove_reaction

__all__ = [
    "add_comment",
    "add_reaction",
    "create_article",
    "delete_comment",
    "delete_post",
    "edit_post",
    "publish_due_articles",
    "publish_post",
    "record_read",
    "remove_reaction",
    "set_pinned",
    "update_article",
]
