from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "hiroba.qa"
    label = "qa"
