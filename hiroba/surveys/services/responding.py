"""Answering a survey (members): one response per member, edited until close where allowed.

The Respondent row decides who answered: its unique constraint refuses a second response even
when two submissions arrive at once (the second gets AlreadyResponded, a 409). The survey row
is then moved with a conditional update (published, open now), so a response and a close
arriving together end with the response either counted before the close or refused.
"""

import zoneinfo
from datetime import UTC

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.community.selectors import get_community
from hiroba.core.errors import Refused
from hiroba.surveys.answers import clean_answers
from hiroba.surveys.models import Answer, Respondent, Response, Status, Survey
from hiroba.surveys.permissions import (
    AlreadyResponded,
    answer_refusal,
    can_edit_response,
    require_can_answer,
)


def _questions(survey: Survey) -> list:
    return list(survey.questions.prefetch_related("choices").order_by("position", "id"))


def _count_if_open(actor, survey: Survey, now) -> None:
    """Count the response on the survey row, only while it is open (else refuse, saying why)."""
    moved = (
        Survey.objects.filter(pk=survey.pk, status=Status.PUBLISHED, opens_at__lte=now)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .update(response_count=F("response_count") + 1)
    )
    if not moved:
        fresh = Survey.objects.select_related("audience_space").get(pk=survey.pk)
        raise answer_refusal(actor, fresh, now=now) or Refused(
            _("This survey is not open."), code="closed"
        )


@transaction.atomic
def submit_response(*, actor: Member, survey: Survey, answers: dict) -> Response:
    """Answer ``survey``: ``answers`` maps question ids to a choice id, a list of choice ids, a
    number or a text. Refused outside the audience, before it opens, after it closes, and the
    second time. An anonymous survey's response carries no member and only the day."""
    now = timezone.now()
    require_can_answer(actor, survey, now=now)
    if Respondent.objects.filter(survey=survey, member=actor).exists():
        raise AlreadyResponded(_already_message(survey))
    rows = clean_answers(_questions(survey), answers)
    try:
        with transaction.atomic():
            Respondent.objects.create(survey=survey, member=actor)
    except IntegrityError:
        raise AlreadyResponded(_already_message(survey)) from None
    _count_if_open(actor, survey, now)
    if survey.is_anonymous:
        # The day only (in the community's time zone): an exact time could be matched with the
        # member's other activity.
        submitted = _start_of_day(now)
        response = Response.objects.create(survey=survey, member=None, submitted_at=submitted)
    else:
        response = Response.objects.create(survey=survey, member=actor, submitted_at=now)
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    # Anonymous: the activity row names no survey and carries the day only (the response's own
    # time), so neither it nor what it moves (the health score's history, the last activity)
    # can be set beside one survey's responses; the row still counts as engagement.
    record_activity(
        actor=actor,
        verb=Verb.SURVEY_RESPONSE,
        subject=None if survey.is_anonymous else survey,
        space_id=None if survey.is_anonymous else survey.audience_space_id,
        data={"anonymous": survey.is_anonymous, "edit": False},
        at=response.submitted_at,
    )
    return response


def _start_of_day(moment):
    try:
        zone = zoneinfo.ZoneInfo(get_community().time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = UTC
    return timezone.localtime(moment, zone).replace(hour=0, minute=0, second=0, microsecond=0)


def _already_message(survey: Survey) -> str:
    if can_edit_response(survey):
        return _("You have already answered this survey; you can change your answers instead.")
    return _("You have already answered this survey. Only one response per member is kept.")


@transaction.atomic
def change_response(*, actor: Member, survey: Survey, answers: dict) -> Response:
    """Replace the answers of one's own response, while the survey is open and allows edits."""
    now = timezone.now()
    require_can_answer(actor, survey, now=now)
    if not can_edit_response(survey):
        raise Refused(_("Responses to this survey cannot be changed."), code="edit_not_allowed")
    response = Response.objects.select_for_update().filter(survey=survey, member=actor).first()
    if response is None:
        raise Refused(_("You have not answered this survey yet."), code="not_responded")
    rows = clean_answers(_questions(survey), answers)
    # Refuse an edit that lands after a close that committed meanwhile.
    fresh = Survey.objects.select_related("audience_space").get(pk=survey.pk)
    refusal = answer_refusal(actor, fresh, now=now)
    if refusal is not None:
        raise refusal
    response.answers.all().delete()
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    response.updated_at = now
    response.save(update_fields=["updated_at"])
    record_activity(
        actor=actor,
        verb=Verb.SURVEY_RESPONSE,
        subject=survey,
        space_id=survey.audience_space_id,
        data={"anonymous": False, "edit": True},
    )
    return response
