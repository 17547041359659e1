from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "hiroba.qa"
    label = "qa"

    def ready(self) -> None:
        from hiroba.qa import receivers

        receivers.connect()
