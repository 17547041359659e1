from django.urls import path

from hiroba.surveys.views import answering, manage, results

app_name = "surveys"

urlpatterns = [
    path("", answering.survey_list, name="list"),
    path("<int:survey_id>/", answering.survey_detail, name="detail"),
    path("manage/", manage.manage_list, name="manage_list"),
    path("manage/new/", manage.manage_new, name="manage_new"),
    path("manage/<int:survey_id>/", manage.manage_edit, name="manage_edit"),
    path("manage/<int:survey_id>/questions/", manage.question_add, name="question_add"),
    path(
        "manage/<int:survey_id>/questions/<int:question_id>/",
        manage.question_edit,
        name="question_edit",
    ),
    path(
        "manage/<int:survey_id>/questions/<int:question_id>/move/",
        manage.question_move,
        name="question_move",
    ),
    path(
        "manage/<int:survey_id>/questions/<int:question_id>/remove/",
        manage.question_remove,
        name="question_remove",
    ),
    path("manage/<int:survey_id>/publish/", manage.publish, name="publish"),
    path("manage/<int:survey_id>/close-date/", manage.close_date, name="close_date"),
    path("manage/<int:survey_id>/close/", manage.close, name="close"),
    path("manage/<int:survey_id>/results/", results.results, name="results"),
    path(
        "manage/<int:survey_id>/results/texts/<int:question_id>/",
        results.text_list,
        name="texts",
    ),
    path("manage/<int:survey_id>/export.csv", results.export, name="export"),
]
