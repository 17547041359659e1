from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hiroba.core"
    label = "core"

    def ready(self):
        from django.core.signals import request_finished

        # The system checks register on import; so do the jobs (the job consumer only
        # autodiscovers modules named ``tasks``).
        from hiroba.core import checks, jobs  # noqa: F401
        from hiroba.core.logs import forget_request_id

        request_finished.connect(forget_request_id, dispatch_uid="hiroba.forget_request_id")
