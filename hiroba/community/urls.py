from django.urls import path

from hiroba.community import views

app_name = "community"

urlpatterns = [
    path("guidelines/", views.guidelines, name="guidelines"),
    path("s/<slug:slug>/join/", views.join, name="join"),
    path("s/<slug:slug>/leave/", views.leave, name="leave"),
    path("manage/settings/", views.settings_page, name="settings"),
    path("manage/spaces/", views.spaces_page, name="spaces"),
    path("manage/spaces/<slug:slug>/", views.space_edit, name="space_edit"),
    path(
        "manage/spaces/<slug:slug>/members/<int:member_id>/remove/",
        views.space_remove_member,
        name="space_remove_member",
    ),
]
