from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ActivityConfig(AppConfig):
    name = "hiroba.activity"
    label = "activity"

    def ready(self):
        from hiroba.activity import jobs  # noqa: F401  (registers the nightly health job)
        from hiroba.activity.health import sqlite

        if sqlite.MISSING:
            connection_created.connect(sqlite.add_math_functions)
