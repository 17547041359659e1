from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "hiroba.surveys"
    label = "surveys"

    def ready(self) -> None:
        from hiroba.surveys import audit_names

        audit_names.register()
