"""Today's to-do list: what is waiting for staff, each item from its own domain's selector.

Each item is shown only to the roles whose work it is: reports to moderators, the idea review
queue to those who review ideas, members warming up to those who see the figures (editors and
managers). Every item
costs at most two queries (its first few rows, and a count only when they fill the preview).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hiroba.accounts.permissions import is_moderator
from hiroba.accounts.selectors import newest_members
from hiroba.activity.health import warming_count, warming_members
from hiroba.console.permissions import can_see_insights
from hiroba.ideas.permissions import is_idea_staff
from hiroba.ideas.selectors import count_due, count_unreviewed
from hiroba.moderation.selectors import count_open_reports
from hiroba.qa.selectors import waiting_questions

PREVIEW = 5


@dataclass
class TodoEntry:
    """One row under an item: a label, where to act on it, and a short note (a time, a name)."""

    label: str
    url: str
    note: str = ""


@dataclass
class TodoItem:
    key: str
    title: str
    count: int
    summary: str
    action: str
    url: str
    entries: list[TodoEntry] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.count == 0


def todo_for(actor, *, now=None) -> list[TodoItem]:
    now = now or timezone.now()
    items = [_unanswered_questions(actor, now)]
    if is_idea_staff(actor):
        items.append(_ideas_to_review(actor, now))
    if is_moderator(actor):
        items.append(_open_reports())
    items.append(_members_to_welcome(now))
    if can_see_insights(actor):
        items.append(_members_warming_up(now))
    return items


def _unanswered_questions(actor, now) -> TodoItem:
    hours = settings.HIROBA_TODO_UNANSWERED_HOURS
    count, oldest = waiting_questions(
        actor, asked_before=now - timedelta(hours=hours), limit=PREVIEW
    )
    return TodoItem(
        key="questions",
        title=_("Unanswered questions"),
        count=count,
        summary=ngettext(
            "Questions with no answer after %(hours)d hour.",
            "Questions with no answer after %(hours)d hours.",
            hours,
        )
        % {"hours": hours},
        action=_("Open the unanswered questions"),
        url=reverse("qa:list") + "?tab=unanswered",
        entries=[
            TodoEntry(
                label=question.post.title,
                url=reverse("qa:detail", args=[question.post_id]),
                note=question.space.name,
            )
            for question in oldest
        ],
    )


def _ideas_to_review(actor, now) -> TodoItem:
    unreviewed, due = count_unreviewed(actor), count_due(actor, now=now)
    return TodoItem(
        key="ideas",
        title=_("Ideas waiting for review"),
        count=unreviewed + due,
        summary=_("%(new)d not reviewed yet, %(due)d due for a second look.")
        % {"new": unreviewed, "due": due},
        action=_("Open the review queue"),
        url=reverse("ideas:review"),
    )


def _open_reports() -> TodoItem:
    return TodoItem(
        key="reports",
        title=_("Open reports"),
        count=count_open_reports(),
        summary=_("Reports from members that nobody has handled yet."),
        action=_("Open the moderation queue"),
        url=reverse("moderation:queue"),
    )


def _members_to_welcome(now) -> TodoItem:
    days = settings.HIROBA_TODO_NEW_MEMBER_DAYS
    count, newest = newest_members(joined_since=now - timedelta(days=days), limit=PREVIEW)
    return TodoItem(
        key="welcome",
        title=_("New members to welcome"),
        count=count,
        summary=ngettext(
            "Members who joined in the last %(days)d day.",
            "Members who joined in the last %(days)d days.",
            days,
        )
        % {"days": days},
        action=_("See every new member"),
        url=reverse("console:new_members"),
        entries=[
            TodoEntry(
                label=member.display_name,
                url=reverse("accounts:profile", args=[member.handle]),
                note=f"@{member.handle}",
            )
            for member in newest
        ],
    )


def _members_warming_up(now) -> TodoItem:
    warming = warming_members(limit=PREVIEW, now=now)
    count = len(warming) if len(warming) < PREVIEW else warming_count(now=now)
    return TodoItem(
        key="warming",
        title=_("Members warming up"),
        count=count,
        summary=_(
            "Members whose activity of the last days is well above their usual: a good moment "
            "to thank them or invite them to more."
        ),
        action=_("See who is warming up"),
        url=reverse("console:members") + "#warming",
        entries=[
            TodoEntry(
                label=row.member.display_name,
                url=reverse("console:member", args=[row.member.handle]),
                note=f"@{row.member.handle}",
            )
            for row in warming
        ],
    )
