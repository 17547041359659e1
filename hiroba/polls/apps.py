from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "hiroba.polls"
    label = "polls"
