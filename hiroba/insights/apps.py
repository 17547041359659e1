from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "hiroba.insights"
    label = "insights"
