from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "hiroba.qa"
    label = "qa"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from hiroba.notifications.messages import Category, register
        from hiroba.qa import kind, receivers, sitemaps
        from hiroba.qa.services import ANSWER_ACCEPTED

        receivers.connect()
        sitemaps.register()
        kind.register()
        register(
            ANSWER_ACCEPTED,
            _("%(actor)s accepted your answer to “%(title)s”."),
            category=Category.OWN,
        )
