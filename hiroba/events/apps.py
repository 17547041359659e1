from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "hiroba.events"
    label = "events"

    def ready(self) -> None:
        from hiroba.events import messages_console

        messages_console.register_console()
