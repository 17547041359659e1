from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "hiroba.moderation"
    label = "moderation"
