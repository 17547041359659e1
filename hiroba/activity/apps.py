from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "hiroba.activity"
    label = "activity"
