from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "hiroba.console"
    label = "console"

    def ready(self) -> None:
        from hiroba.console import audit_names

        audit_names.register()
