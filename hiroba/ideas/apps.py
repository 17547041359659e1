from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "hiroba.ideas"
    label = "ideas"
