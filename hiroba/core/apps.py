from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hiroba.core"
    label = "core"

    def ready(self):
        from hiroba.core import checks  # noqa: F401  (registers the system checks)
