from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "hiroba.surveys"
    label = "surveys"

    def ready(self) -> None:
        from hiroba.core.audit_targets import register_target

        register_target("survey", _("Survey"), describe=_survey_names)


def _survey_names(ids: list[int]) -> dict:
    """The audit log's names of surveys: their titles, linked to the staff's survey page."""
    from hiroba.surveys.models import Survey

    rows = Survey.objects.filter(pk__in=ids).values_list("pk", "title")
    return {pk: (title, reverse("surveys:manage_edit", args=[pk])) for pk, title in rows}
