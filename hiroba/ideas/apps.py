from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "hiroba.ideas"
    label = "ideas"

    def ready(self) -> None:
        from hiroba.ideas import audit_names, kind, notices, receivers, sitemaps

        receivers.connect()
        notices.register_verbs()
        sitemaps.register()
        kind.register()
        audit_names.register()
