from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hiroba.notifications"
    label = "notifications"

    def ready(self) -> None:
        from hiroba.notifications import receivers

        receivers.register_verbs()
        receivers.connect()
