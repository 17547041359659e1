from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "hiroba.console"
    label = "console"

    def ready(self) -> None:
        from hiroba.core.audit_targets import register_target

        # The audit log's targets whose pages are console screens.
        register_target("segment", _("Segment"), describe=_segment_names)
        register_target("kpi", _("KPI data"))
        register_target("healthsettings", _("Health score settings"), describe=_health_settings)


def _segment_names(ids: list[int]) -> dict:
    from hiroba.segments.models import Segment

    rows = Segment.objects.filter(pk__in=ids).values_list("pk", "name")
    return {pk: (name, reverse("console:segment", args=[pk])) for pk, name in rows}


def _health_settings(ids: list[int]) -> dict:
    # One row of settings: the label says what it is, the link leads to the form.
    return dict.fromkeys(ids, ("", reverse("console:health_settings")))
