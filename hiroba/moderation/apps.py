from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "hiroba.moderation"
    label = "moderation"

    def ready(self) -> None:
        from hiroba.moderation import notices

        notices.register_verbs()
