from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hiroba.api"
    label = "api"
