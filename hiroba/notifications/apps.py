from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hiroba.notifications"
    label = "notifications"

    def ready(self) -> None:
        # The job consumer only autodiscovers ``tasks`` modules: importing the jobs and the
        # periodic schedules registers them.
        from hiroba.notifications import jobs, receivers, schedules  # noqa: F401

        receivers.register_verbs()
        receivers.connect()
