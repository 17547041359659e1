from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "hiroba.surveys"
    label = "surveys"
