from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "hiroba.community"
    label = "community"

    def ready(self) -> None:
        from hiroba.community import sitemaps

        sitemaps.register()
