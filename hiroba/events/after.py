"""After the event: the attendees' survey invitations and the members' photo reports.

Invitations. A survey whose audience is "attendees of an event" (audiences.py) is announced to
each attendee once: ``invite_attendees_to_survey`` notifies the event's checked-in members who
have not been told yet, and ``invite_due_attendees`` (run every few minutes from
schedules_after.py) does so for every such survey open now, so that a survey that opens later
and members checked in after it opened are told too. The notification's key names the survey,
so a member is told once however often the job runs (notifications' unique event key); members
already told or who already answered are left out of the list before it is sent.

Photo reports. A report is a post of the kind "event_report" (kind.py) with an EventReport row
naming the event, written inside publish_post's transaction. Who may write one: members who may
read the event and took part in it (an application confirmed, won or attended), and event
staff, once the event has started. Where: in the event's space when it has one (its readers are
the event's), else in a space the writer picks, as any post.
"""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.community.models import Space
from hiroba.core.errors import Refused
from hiroba.events.audiences import KIND as ATTENDEES
from hiroba.events.models import Application, ApplicationState, Event, EventReport, EventStatus
from hiroba.events.permissions import can_read_event, is_event_staff, readers_among
from hiroba.notifications.models import Notification
from hiroba.notifications.services import event_key, notify
from hiroba.posts.permissions import readable_posts
from hiroba.posts.selectors import liked_post_ids, with_cards
from hiroba.posts.services import publish_post
from hiroba.surveys.models import Respondent, Status, Survey

SURVEY_INVITE = "event_survey"
REPORT_KIND = "event_report"
# Applications whose members took part: they may write a report.
TOOK_PART = (ApplicationState.CONFIRMED, ApplicationState.WON, ApplicationState.ATTENDED)
# Events that took place (or are taking place): reports are written from the start on.
NOT_HELD = (EventStatus.DRAFT, EventStatus.CANCELLED)
REPORTS_SHOWN = 6
MAX_REPORTS_SHOWN = 50


# --- survey invitations -----------------------------------------------------------------------


def _invite_key(survey: Survey) -> str:
    return f"survey:{survey.pk}"


def invite_attendees_to_survey(*, survey: Survey, now=None) -> int:
    """Notify the attendees of the survey's event who were not told yet; returns how many.

    Only while the survey is open: a scheduled survey is announced when it opens, a closed one
    never. Safe to run any number of times (once per member: the notification's key)."""
    if survey.audience_kind != ATTENDEES or not survey.is_open(now):
        return 0
    event = Event.objects.filter(pk=survey.audience_target_id).first()
    if event is None:
        return 0
    told = Notification.objects.filter(
        recipient_id=OuterRef("member_id"),
        event_key=event_key(SURVEY_INVITE, _invite_key(survey)),
    )
    answered = Respondent.objects.filter(survey_id=survey.pk, member_id=OuterRef("member_id"))
    # Attendees who have since left the event's space or segment hear no more of it.
    recipients = readers_among(
        event,
        Application.objects.filter(event=event, state=ApplicationState.ATTENDED)
        .filter(~Exists(told), ~Exists(answered))
        .values_list("member_id", flat=True),
    )
    if recipients:
        notify(
            recipients=recipients,
            verb=SURVEY_INVITE,
            actor=None,
            target=survey,
            url=reverse("surveys:detail", args=[survey.pk]),
            params={"title": survey.title, "event": event.title},
            key=_invite_key(survey),
        )
    return len(recipients)


def invite_due_attendees(*, now=None) -> int:
    """The periodic job: invitations for every open survey of an event's attendees."""
    now = now or timezone.now()
    surveys = (
        Survey.objects.filter(audience_kind=ATTENDEES, status=Status.PUBLISHED, opens_at__lte=now)
        .exclude(closes_at__lte=now)
        .order_by("pk")
    )
    return sum(invite_attendees_to_survey(survey=survey, now=now) for survey in surveys)


# --- photo reports ----------------------------------------------------------------------------


def report_refusal(actor, event: Event, *, now=None) -> Refused | None:
    """Why ``actor`` may not write a report of ``event`` (they may read it: else a 404 first)."""
    now = now or timezone.now()
    if event.status in NOT_HELD or event.starts_at > now:
        return Refused(
            _("Photo reports can be posted once the event has started."), code="not_started"
        )
    if is_event_staff(actor):
        return None
    took_part = Application.objects.filter(
        event=event, member_id=actor.pk, state__in=TOOK_PART
    ).exists()
    if not took_part:
        return Refused(
            _("Only members who took part in this event can post a photo report."),
            code="not_a_participant",
        )
    return None


def report_space(event: Event) -> Space | None:
    """Where reports of ``event`` go: its space, or None (the writer picks one)."""
    return event.space


def write_event_report(*, actor: Member, post, event: Event) -> EventReport:
    """The report's row, inside publish_post's transaction (the kind's hook: kind.py)."""
    if not can_read_event(actor, event):
        raise Http404("No such event")
    refusal = report_refusal(actor, event)
    if refusal is not None:
        raise refusal
    if event.space_id is not None and post.space_id != event.space_id:
        # The event's readers are its space's: a report elsewhere would show it to others.
        raise Refused(_("A photo report of this event is posted in its space."), code="wrong_space")
    return EventReport.objects.create(post=post, event=event)


def publish_event_report(
    *, actor: Member, event: Event, space: Space, body: str, title: str = "", photos=()
):
    """Publish a photo report of ``event``: a post of the kind "event_report" (publish_post's
    checks, limits and holds, in its transaction), linked to the event by write_event_report.

    The refusals are checked here first too, so that no photo is decoded for nothing."""
    if not can_read_event(actor, event):
        raise Http404("No such event")
    refusal = report_refusal(actor, event)
    if refusal is not None:
        raise refusal
    return publish_post(
        actor=actor,
        space=space,
        title=title,
        body=body,
        photos=photos,
        kind=REPORT_KIND,
        kind_data={"event": event},
    )


def event_reports(actor, event: Event, *, limit: int = REPORTS_SHOWN) -> list:
    """The newest reports of ``event`` that ``actor`` may read, as posts ready for cards."""
    limit = max(1, min(int(limit), MAX_REPORTS_SHOWN))
    posts: QuerySet = with_cards(readable_posts(actor).filter(event_report__event=event))
    return list(posts.order_by("-published_at", "-id")[:limit])


def reports_context(actor, event: Event, *, limit: int = REPORTS_SHOWN) -> dict:
    """What events/_reports.html needs: the reports, which of them ``actor`` liked, and whether
    they may post one (the event page's "Post a photo report" button)."""
    reports = event_reports(actor, event, limit=limit)
    member = actor is not None and actor.is_authenticated
    return {
        "event": event,
        "reports": reports,
        "liked_ids": liked_post_ids(actor, reports) if reports else set(),
        "can_report": member and report_refusal(actor, event) is None,
    }
