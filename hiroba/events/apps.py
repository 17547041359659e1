from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "hiroba.events"
    label = "events"

    def ready(self) -> None:
        # The job consumer only autodiscovers ``tasks`` modules: importing the periodic
        # schedules registers them.
        from hiroba.events import notify, schedules  # noqa: F401

        notify.register_verbs()
