from django.urls import path

from hiroba.accounts import views

app_name = "accounts"

urlpatterns = [
    path("settings/profile/", views.edit_profile, name="edit_profile"),
    path("settings/tokens/", views.tokens, name="tokens"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("<str:handle>/", views.profile, name="profile"),
]
