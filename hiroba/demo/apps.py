from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hiroba.demo"
    label = "demo"
