"""The after slice's URLs, included by hiroba/events/urls.py."""

from django.urls import path

from hiroba.events.views import after

urlpatterns: list = [
    path("<int:event_id>/reports/new/", after.report_new, name="report_new"),
]
