from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "hiroba.posts"
    label = "posts"
