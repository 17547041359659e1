from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "hiroba.polls"
    label = "polls"

    def ready(self) -> None:
        from hiroba.polls import compose

        # A poll can be added to a new post or article (hiroba.posts.compose).
        compose.register()
