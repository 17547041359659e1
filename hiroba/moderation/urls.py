from django.urls import path

from hiroba.moderation.views import audit, queue, reports, rules, sanctions

app_name = "moderation"

TARGET = "<str:target_type>/<int:target_id>/"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path(f"report/{TARGET}", reports.report, name="report"),
    path(f"act/{TARGET}", queue.act, name="act"),
    path("words/", rules.word_rules, name="word_rules"),
    path("words/<int:rule_id>/toggle/", rules.toggle_word_rule, name="toggle_word_rule"),
    path("words/<int:rule_id>/remove/", rules.remove_word_rule, name="remove_word_rule"),
    path("settings/hold/", rules.hold_first_posts, name="hold_first_posts"),
    path("members/<str:handle>/", sanctions.member, name="member"),
    path("members/<str:handle>/lift/", sanctions.lift, name="lift"),
    path("audit/", audit.audit_log, name="audit"),
    path(TARGET, queue.target, name="target"),
]
