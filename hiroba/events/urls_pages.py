"""The pages slice's URLs, included by hiroba/events/urls.py: the members' event pages."""

from django.urls import path

from hiroba.events.views import pages

urlpatterns = [
    path("", pages.event_list, name="list"),
    path("calendar/", pages.event_calendar, name="calendar"),
    path("<int:event_id>/", pages.event_detail, name="detail"),
    path("<int:event_id>/apply/", pages.apply, name="apply"),
    path("applications/<int:application_id>/cancel/", pages.cancel, name="cancel"),
]
