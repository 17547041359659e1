from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hiroba.core"
    label = "core"

    def ready(self):
        from django.core.signals import request_finished

        from hiroba.core import checks  # noqa: F401  (registers the system checks)
        from hiroba.core.logs import forget_request_id

        request_finished.connect(forget_request_id, dispatch_uid="hiroba.forget_request_id")
