"""The checkin slice's URLs, included by hiroba/events/urls.py: a participant's ticket, the
staff's check-in page and the endpoint its offline queue syncs to."""

from django.urls import path

from hiroba.events.views import checkin

urlpatterns: list = [
    path("<int:event_id>/ticket/", checkin.ticket, name="ticket"),
    path("<int:event_id>/checkin/", checkin.checkin, name="checkin"),
    path("<int:event_id>/checkin/sync/", checkin.checkin_sync, name="checkin_sync"),
]
