from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "hiroba.posts"
    label = "posts"

    def ready(self) -> None:
        # The job consumer only autodiscovers ``tasks`` modules: importing the jobs and the
        # periodic schedules registers them.
        from hiroba.posts import jobs, schedules, sitemaps  # noqa: F401

        sitemaps.register()
