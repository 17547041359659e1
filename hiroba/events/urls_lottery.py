"""The lottery slice's URLs, included by hiroba/events/urls.py."""

from django.urls import path

from hiroba.events.views import lottery

urlpatterns: list = [
    path("<int:event_id>/event.ics", lottery.event_ics, name="ics"),
    path("<int:event_id>/draw/", lottery.draw_page, name="draw"),
    path("<int:event_id>/draw/run/", lottery.run_draw, name="run_draw"),
    path("applications/<int:application_id>/confirm/", lottery.confirm_win, name="confirm_win"),
    path("applications/<int:application_id>/decline/", lottery.decline_win, name="decline_win"),
]
