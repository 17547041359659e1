"""The audit log's targets whose pages are console screens (hiroba.core.audit_targets)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hiroba.core.audit_targets import register_target
from hiroba.events.models import Event
from hiroba.segments.models import Segment


def segment_names(ids: list[int]) -> dict:
    rows = Segment.objects.filter(pk__in=ids).values_list("pk", "name")
    return {pk: (name, reverse("console:segment", args=[pk])) for pk, name in rows}


def event_names(ids: list[int]) -> dict:
    rows = Event.objects.filter(pk__in=ids).values_list("pk", "title")
    return {pk: (title, reverse("console:event", args=[pk])) for pk, title in rows}


def health_settings(ids: list[int]) -> dict:
    # One row of settings: the label says what it is, the link leads to the form.
    return dict.fromkeys(ids, ("", reverse("console:health_settings")))


def register() -> None:
    register_target("segment", _("Segment"), describe=segment_names)
    register_target("kpi", _("KPI data"))
    register_target("event", _("Event"), describe=event_names)
    register_target("healthsettings", _("Health score settings"), describe=health_settings)
