from django.apps import AppConfig


class SegmentsConfig(AppConfig):
    name = "hiroba.segments"
    label = "segments"
