from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "hiroba.events"
    label = "events"

    def ready(self) -> None:
        # The job consumer only autodiscovers ``tasks`` modules: importing the periodic
        # schedules registers them.
        from hiroba.events import audiences, kind, messages_console, schedules_after  # noqa: F401

        # The attendees' survey audience (surveys.audiences), the photo report kind
        # (posts.kinds), the survey invitation's notification verb and the console's messages.
        audiences.register()
        kind.register()
        messages_console.register_console()
