from django.urls import path

from hiroba.posts.feeds import ArticlesFeed, SpaceFeed
from hiroba.posts.views import articles, comments, feeds, posts

app_name = "posts"

urlpatterns = [
    path("spaces/", feeds.space_list, name="spaces"),
    path("s/<slug:slug>/", feeds.space_detail, name="space"),
    path("s/<slug:slug>/feed/", SpaceFeed(), name="space_feed"),
    path("s/<slug:slug>/new/", posts.compose, name="compose_in_space"),
    path("new/", posts.compose, name="compose"),
    path("p/<int:post_id>/", posts.post_detail, name="detail"),
    path("p/<int:post_id>/edit/", posts.edit, name="edit"),
    path("p/<int:post_id>/history/", posts.history, name="history"),
    path("p/<int:post_id>/delete/", posts.delete, name="delete"),
    path("p/<int:post_id>/pin/", posts.pin, name="pin"),
    path("p/<int:post_id>/like/", posts.like_post, name="like"),
    path("p/<int:post_id>/comments/", comments.add, name="comment"),
    path("c/<int:comment_id>/reply/", comments.reply, name="reply"),
    path("c/<int:comment_id>/like/", posts.like_comment, name="like_comment"),
    path("c/<int:comment_id>/delete/", comments.delete, name="delete_comment"),
    path("articles/", feeds.article_list, name="articles"),
    path("articles/feed/", ArticlesFeed(), name="articles_feed"),
    path("articles/new/", articles.create, name="article_new"),
    path("articles/<int:post_id>/edit/", articles.edit, name="article_edit"),
    path("tags/<str:name>/", feeds.tag_detail, name="tag"),
]
