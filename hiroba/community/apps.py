from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "hiroba.community"
    label = "community"
