from django.urls import path

from hiroba.console.views import manage_members

app_name = "manage_members"

urlpatterns = [
    path("", manage_members.member_list, name="list"),
    path("official/", manage_members.create_official, name="create_official"),
    path("<int:member_id>/role/", manage_members.change_role, name="role"),
    path("<int:member_id>/suspend/", manage_members.suspend, name="suspend"),
]
