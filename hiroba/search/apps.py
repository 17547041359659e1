from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "hiroba.search"
    label = "search"

    def ready(self) -> None:
        from hiroba.search import receivers  # noqa: F401  (connects the signal receivers)
