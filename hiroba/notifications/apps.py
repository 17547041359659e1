from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hiroba.notifications"
    label = "notifications"
