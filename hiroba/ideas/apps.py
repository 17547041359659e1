from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "hiroba.ideas"
    label = "ideas"

    def ready(self) -> None:
        from hiroba.core.audit_targets import register_target
        from hiroba.ideas import kind, notices, receivers, sitemaps

        receivers.connect()
        notices.register_verbs()
        sitemaps.register()
        kind.register()
        register_target("idea", _("Idea"), describe=_idea_names)


def _idea_names(ids: list[int]) -> dict:
    """The audit log's names of ideas: their titles, linked to their pages."""
    from hiroba.ideas.models import Idea

    rows = Idea.objects.filter(pk__in=ids).values_list("pk", "post__title")
    return {pk: (title, reverse("ideas:detail", args=[pk])) for pk, title in rows}
