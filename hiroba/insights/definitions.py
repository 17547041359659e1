"""What each KPI means, in words for managers: shown beside every number, in the CSV and the API.

The code that computes each figure is in ``hiroba.insights.kpis``; the tests state the same
definitions and check them on a hand-built community.
"""

from django.utils.translation import gettext_lazy as _

# Said wherever members are counted (dashboard, report, PDF): one definition of "members"
# (hiroba.accounts.models.members_q), the same in the levels, the segments and the to-do.
MEMBER = _(
    "Members are the community's member accounts: staff, official editorial accounts and banned "
    "or closed accounts are not counted, here as in the activity levels and the segments. Days "
    "are days in the community's time zone."
)

KPIS: dict[str, tuple] = {
    "members_total": (
        _("Members"),
        _("Member accounts registered on or before the last day of the period."),
    ),
    "new_members": (_("New members"), _("Member accounts registered during the period.")),
    "dau": (
        _("Daily active members (DAU)"),
        _(
            "The average, over the days of the period, of the number of members active that day "
            "(at least one recorded action or page visit)."
        ),
    ),
    "active_members": (
        _("Active members"),
        _("Distinct members active at least once during the period."),
    ),
    "mau": (
        _("Monthly active members (MAU)"),
        _("Distinct members active in the 30 days ending on the last day of the period."),
    ),
    "unique_visitors": (
        _("Unique visitors"),
        _("Distinct members who visited the site (signed in) during the period."),
    ),
    "stickiness": (
        _("Stickiness"),
        _("DAU ÷ MAU: the share of the month's active members who come on an average day."),
    ),
    "posts": (
        _("Posts"),
        _(
            "Posts, questions and ideas written during the period (by anyone, including staff "
            "and ones held for review) plus articles published during the period."
        ),
    ),
    "posters": (_("Posters"), _("Distinct members who wrote at least one of those posts.")),
    "comments": (
        _("Comments"),
        _("Comments and answers written during the period, by anyone."),
    ),
    "reactions": (_("Reactions"), _("Likes given to posts and comments during the period.")),
    "questions_asked": (_("Questions asked"), _("Questions asked during the period.")),
    "answered_by_member": (
        _("Answered by members"),
        _("Questions whose first answer came during the period, from a member."),
    ),
    "answered_by_staff": (
        _("Answered by staff"),
        _("Questions whose first answer came during the period, from staff."),
    ),
    "solved_by_member": (
        _("Solved by members"),
        _("Questions solved for the first time during the period with a member's answer accepted."),
    ),
    "solved_by_staff": (
        _("Solved by staff"),
        _("Questions solved for the first time during the period with staff's answer accepted."),
    ),
    "answer_median_seconds": (
        _("Time to first answer (median)"),
        _(
            "For the questions first answered during the period: the median time from the "
            "question to its first answer."
        ),
    ),
    "answer_average_seconds": (
        _("Time to first answer (average)"),
        _("The same questions: the average time from the question to its first answer."),
    ),
    "ideas_submitted": (
        _("Ideas submitted"),
        _(
            "Ideas submitted during the period that are still shown (not deleted, hidden or "
            "merged as duplicates), as on the ideas' stats page."
        ),
    ),
    "ideas_realized": (
        _("Ideas realized"),
        _("Of those ideas, the ones whose status is “realized” today."),
    ),
    "realization_rate": (_("Realization rate"), _("Ideas realized ÷ ideas submitted.")),
    "nps": (
        _("NPS"),
        _(
            "Net Promoter Score of the latest round of the NPS survey series that opened before "
            "the end of the period: the share of promoters (9–10) minus the share of detractors "
            "(0–6) among its answers given before the end of the period, in points."
        ),
    ),
    "connections": (
        _("Connections"),
        _(
            "Distinct pairs of members where one commented on, answered or liked a post or "
            "comment written by the other during the period (each pair counts once)."
        ),
    ),
    "connections_per_active": (
        _("Connections per active member"),
        _("2 × connections ÷ active members: how many others an active member interacted with."),
    ),
    "sessions": (
        _("Visits (sessions)"),
        _(
            "A session is a run of one member's page visits in one browser on one day, with no "
            "gap longer than 30 minutes."
        ),
    ),
    "stay_total_seconds": (
        _("Total stay time"),
        _(
            "The sum over the period's sessions of the time from their first to their last "
            "visit, plus 5 minutes (visits are counted at most every 5 minutes)."
        ),
    ),
    "stay_average_seconds": (_("Average stay time"), _("Total stay time ÷ sessions.")),
    "events_held": (
        _("Events held"),
        _(
            "Events whose end fell in the period: published events (not drafts, not cancelled "
            "ones), online and at a venue alike."
        ),
    ),
    "event_participants": (
        _("Event participants"),
        _(
            "Distinct members who checked in at an event during the period (a member at "
            "several events counts once)."
        ),
    ),
    "levels": (
        _("Members per activity level"),
        _("Members at each activity level, as the daily job found them at the end of the day."),
    ),
}


def label(key: str) -> str:
    return str(KPIS[key][0])


def definition(key: str) -> str:
    return str(KPIS[key][1])
