from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "hiroba.search"
    label = "search"
