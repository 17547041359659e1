from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "hiroba.events"
    label = "events"
