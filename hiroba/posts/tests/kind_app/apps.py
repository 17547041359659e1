from django.apps import AppConfig


class KindAppConfig(AppConfig):
    name = "hiroba.posts.tests.kind_app"
    label = "kind_app"

    def ready(self) -> None:
        from hiroba.posts.tests.kind_app import kind

        kind.register()
