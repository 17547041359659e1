from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "hiroba.events"
    label = "events"

    def ready(self) -> None:
        # The job consumer only autodiscovers ``tasks`` modules: importing the periodic
        # schedules registers them.
        from hiroba.events import (  # noqa: F401
            audiences,
            kind,
            media,
            messages_console,
            notify,
            schedules,
            schedules_after,
            sitemaps,
        )

        # The attendees' survey audience (surveys.audiences), the photo report kind
        # (posts.kinds), the events' notification verbs (the survey invitation's and the
        # console's messages among them).
        audiences.register()
        kind.register()
        media.register()
        notify.register_verbs()
        messages_console.register_console()
        # Public events in the site's sitemap (hiroba.core.sitemaps).
        sitemaps.register()
