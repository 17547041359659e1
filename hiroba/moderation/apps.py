from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "hiroba.moderation"
    label = "moderation"

    def ready(self) -> None:
        # The job consumer only autodiscovers ``tasks`` modules: importing the jobs and the
        # periodic schedules registers them.
        from hiroba.moderation import audit_names, jobs, notices, schedules  # noqa: F401

        notices.register_verbs()
        audit_names.register_moderation_targets()
