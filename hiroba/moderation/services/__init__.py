"""Every moderation change; pages, API and jobs call these."""

from hiroba.moderation.services.actions import (
    dismiss_member_reports,
    moderate_comment,
    moderate_post,
)
from hiroba.moderation.services.reports import report_content
from hiroba.moderation.services.rules import (
    add_word_rule,
    change_word_rule,
    remove_word_rule,
    set_hold_first_posts,
)
from hiroba.moderation.services.sanctions import (
    lift_expired_suspensions,
    lift_sanction,
    sanction_member,
)

__all__ = [
    "add_word_rule",
    "change_word_rule",
    "dismiss_member_reports",
    "lift_expired_suspensions",
    "lift_sanction",
    "moderate_comment",
    "moderate_post",
    "remove_word_rule",
    "report_content",
    "sanction_member",
    "set_hold_first_posts",
]
