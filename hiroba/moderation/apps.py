from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "hiroba.moderation"
    label = "moderation"

    def ready(self) -> None:
        # The job consumer only autodiscovers ``tasks`` modules: importing the jobs and the
        # periodic schedules registers them.
        import hiroba.moderation.jobs  # noqa: F401
        import hiroba.moderation.schedules  # noqa: F401
        from hiroba.moderation import audit_names, holds, notices, selectors
        from hiroba.posts import words

        notices.register_verbs()
        audit_names.register_moderation_targets()
        # Posts screens and holds new content; the word list and the queue are moderation's.
        words.set_rule_source(selectors.active_word_rules)
        holds.register_review_queue()
