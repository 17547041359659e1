from django.urls import path

from hiroba.polls import views

app_name = "polls"

urlpatterns = [
    path("<int:poll_id>/", views.poll_block, name="detail"),
    path("<int:poll_id>/vote/", views.vote, name="vote"),
    path("<int:poll_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:poll_id>/edit/", views.edit, name="edit"),
    path("<int:poll_id>/close/", views.close, name="close"),
]
