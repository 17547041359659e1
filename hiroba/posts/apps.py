from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "hiroba.posts"
    label = "posts"

    def ready(self) -> None:
        from hiroba.posts import jobs  # noqa: F401  (the job consumer only autodiscovers ``tasks``)
