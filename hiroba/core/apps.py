from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hiroba.core"
    label = "core"

    def ready(self):
        # The system checks register on import; so do the jobs (the job consumer only
        # autodiscovers modules named ``tasks``).
        from hiroba.core import checks, jobs  # noqa: F401
