from django.apps import AppConfig


class SegmentsConfig(AppConfig):
    name = "hiroba.segments"
    label = "segments"

    def ready(self) -> None:
        from hiroba.segments import eligibility

        # Events limited to a saved segment ask here who is in it (hiroba.events.eligibility).
        eligibility.register()
