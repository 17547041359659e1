from django.urls import path

from hiroba.qa import sitemaps, views

app_name = "qa"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("ask/", views.ask, name="ask"),
    path("ask/<slug:slug>/", views.ask, name="ask_in_space"),
    path("similar/", views.similar, name="similar"),
    path("<int:post_id>/", views.question_detail, name="detail"),
    path("<int:post_id>/answers/", views.answer, name="answer"),
    path("<int:post_id>/accept/", views.accept, name="accept"),
    path("<int:post_id>/unaccept/", views.unaccept, name="unaccept"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<int:part>.xml", sitemaps.sitemap_part, name="sitemap_part"),
]
