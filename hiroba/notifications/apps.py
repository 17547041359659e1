from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hiroba.notifications"
    label = "notifications"

    def ready(self) -> None:
        # The job consumer only autodiscovers ``tasks`` modules: importing the jobs registers them.
        from hiroba.notifications import jobs, receivers  # noqa: F401

        receivers.register_verbs()
        receivers.connect()
