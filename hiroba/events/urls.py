"""The events' pages under /events/: each topic keeps its own URL module."""

from hiroba.events import urls_after, urls_checkin, urls_live, urls_lottery, urls_pages

app_name = "events"

urlpatterns = [
    *urls_pages.urlpatterns,
    *urls_lottery.urlpatterns,
    *urls_checkin.urlpatterns,
    *urls_live.urlpatterns,
    *urls_after.urlpatterns,
]
