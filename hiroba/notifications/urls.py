from django.urls import path

from hiroba.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/", views.open_notification, name="open"),
    path("read/", views.mark_all_read, name="read_all"),
    path("settings/", views.notification_settings, name="settings"),
]
