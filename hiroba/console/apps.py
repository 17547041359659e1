from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "hiroba.console"
    label = "console"
