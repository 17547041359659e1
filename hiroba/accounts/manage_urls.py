from django.urls import path

from hiroba.accounts import manage_views

app_name = "manage_members"

urlpatterns = [
    path("", manage_views.member_list, name="list"),
    path("official/", manage_views.create_official, name="create_official"),
    path("<int:member_id>/role/", manage_views.change_role, name="role"),
    path("<int:member_id>/suspend/", manage_views.suspend, name="suspend"),
]
