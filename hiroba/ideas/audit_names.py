"""The ideas the audit log names (hiroba.core.audit_targets): their titles, linked to their pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hiroba.core.audit_targets import register_target
from hiroba.ideas.models import Idea


def idea_names(ids: list[int]) -> dict:
    rows = Idea.objects.filter(pk__in=ids).values_list("pk", "post__title")
    return {pk: (title, reverse("ideas:detail", args=[pk])) for pk, title in rows}


def register() -> None:
    register_target("idea", _("Idea"), describe=idea_names)
