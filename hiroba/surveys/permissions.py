"""Who may build, see and answer surveys: the one place that decides.

Staff who build surveys and read their results are editors, managers and administrators
(is_editor). Members see published surveys; a draft does not exist for them (404). Whether a
member may answer is decided by answer_refusal, which names the reason so that the page and the
API can say it.
"""

from django.http import Http404
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from hiroba.accounts.permissions import is_editor, is_member, require_editor, require_writer
from hiroba.core.errors import Refused
from hiroba.surveys.audiences import audience_of
from hiroba.surveys.models import Status, Survey


class AlreadyResponded(Refused):
    """A second response: 409, so that API clients can tell it from a permission problem."""

    status = 409

    def __init__(self, message: str | None = None):
        super().__init__(
            message or _("You have already answered this survey."), code="already_responded"
        )


def is_survey_staff(actor) -> bool:
    return is_editor(actor)


def require_survey_staff(actor) -> None:
    require_editor(actor)


def _fetch(survey_id) -> Survey:
    survey = (
        Survey.objects.select_related("audience_space", "created_by").filter(pk=survey_id).first()
    )
    if survey is None:
        raise Http404("No such survey")
    return survey


def access_survey(actor, survey_id) -> Survey:
    """A survey a member may look at: published or closed; staff see drafts too. Else 404.

    Being outside the audience is not a 404 where the audience is visible to the member (a public
    or members-only space they have not joined): the page says the survey is for that space. A
    survey for a space the member cannot see is a 404 like a missing one, since a restricted
    space does not reveal that it exists.
    """
    if not is_member(actor):
        raise Http404("No such survey")
    survey = _fetch(survey_id)
    if is_survey_staff(actor):
        return survey
    if survey.status == Status.DRAFT or not audience_of(survey).visible_to(survey, actor):
        raise Http404("No such survey")
    return survey


def access_survey_for_staff(actor, survey_id) -> Survey:
    """A survey for the builder and the results: staff only; the same 404 for everyone else."""
    if not is_survey_staff(actor):
        raise Http404("No such survey")
    return _fetch(survey_id)


def _when(moment) -> str:
    return date_format(localtime(moment), "DATETIME_FORMAT")


def answer_refusal(actor, survey: Survey, *, now=None) -> Refused | None:
    """Why ``actor`` may not answer ``survey`` now (ignoring a response they already gave)."""
    if survey.status == Status.DRAFT:
        return Refused(_("This survey is not published yet."), code="not_published")
    if survey.not_yet_open(now):
        return Refused(
            _("This survey opens on %(when)s.") % {"when": _when(survey.opens_at)},
            code="not_open_yet",
        )
    if survey.has_closed(now):
        when = survey.closed_at if survey.status == Status.CLOSED else survey.closes_at
        return Refused(_("This survey closed on %(when)s.") % {"when": _when(when)}, code="closed")
    if not audience_of(survey).includes(survey, actor):
        return Refused(audience_of(survey).outsider_message(survey, actor), code="not_in_audience")
    return None


def require_can_answer(actor, survey: Survey, *, now=None) -> None:
    require_writer(actor)
    refusal = answer_refusal(actor, survey, now=now)
    if refusal is not None:
        raise refusal


def can_edit_response(survey: Survey) -> bool:
    """Identified surveys that allow it: edits until close (anonymous answers have no owner)."""
    return survey.allow_edit and not survey.is_anonymous
