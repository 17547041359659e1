"""The console's addresses. Each topic keeps its own ``urlpatterns`` in its views module."""

from hiroba.console.views import (
    dashboard,
    event_questions,
    events,
    home,
    members,
    report,
    segments,
)

app_name = "console"

urlpatterns = [
    *home.urlpatterns,
    *dashboard.urlpatterns,
    *report.urlpatterns,
    *members.urlpatterns,
    *segments.urlpatterns,
    *events.urlpatterns,
    *event_questions.urlpatterns,
]
