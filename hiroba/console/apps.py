from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "hiroba.console"
    label = "console"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from hiroba.console import audit_names
        from hiroba.events.staff_links import register_staff_link

        audit_names.register()
        # The event page's organizer tools lead here (events knows no console URL).
        register_staff_link(_("Participants and funnel"), "console:event")
        register_staff_link(_("Edit"), "console:event_edit")
