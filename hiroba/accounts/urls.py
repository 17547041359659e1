from django.urls import path

from hiroba.accounts import views

# A member's own page, accounts:profile at members/<handle>/, lists their posts, so it lives in
# hiroba.home and config/urls.py adds it to this namespace.
app_name = "accounts"

urlpatterns = [
    path("settings/profile/", views.edit_profile, name="edit_profile"),
    path("settings/tokens/", views.tokens, name="tokens"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
]
