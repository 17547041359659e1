from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "hiroba.posts"
    label = "posts"

    def ready(self) -> None:
        # jobs: the job consumer only autodiscovers ``tasks``; importing registers them.
        from hiroba.posts import jobs, sitemaps  # noqa: F401

        sitemaps.register()
