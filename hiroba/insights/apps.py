from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "hiroba.insights"
    label = "insights"

    def ready(self):
        # The job consumer only autodiscovers ``tasks`` modules: importing the jobs here is what
        # registers the periodic rollup in the consumer process.
        from hiroba.insights import jobs  # noqa: F401
