from django.urls import path

from hiroba.ideas import views

app_name = "ideas"

urlpatterns = [
    path("", views.board, name="board"),
    path("realized/", views.realized, name="realized"),
    path("stats/", views.stats, name="stats"),
    path("review/", views.review, name="review"),
    path("settings/", views.settings_page, name="settings"),
    path("new/", views.submit, name="submit"),
    path("new/<slug:slug>/", views.submit, name="submit_in_space"),
    path("<int:post_id>/", views.idea_detail, name="detail"),
    path("<int:post_id>/vote/", views.vote, name="vote"),
    path("<int:post_id>/follow/", views.follow, name="follow"),
    path("<int:post_id>/status/", views.change_status, name="status"),
    path("<int:post_id>/duplicate/", views.duplicate, name="duplicate"),
]
