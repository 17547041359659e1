"""The surveys the audit log names (hiroba.core.audit_targets): their titles, linked to the
staff's survey page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hiroba.core.audit_targets import register_target
from hiroba.surveys.models import Survey


def survey_names(ids: list[int]) -> dict:
    rows = Survey.objects.filter(pk__in=ids).values_list("pk", "title")
    return {pk: (title, reverse("surveys:manage_edit", args=[pk])) for pk, title in rows}


def register() -> None:
    register_target("survey", _("Survey"), describe=survey_names)
