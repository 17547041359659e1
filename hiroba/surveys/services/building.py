"""Building surveys (staff): drafts change freely; published surveys change wording and dates only.

Questions and choices are fixed once a survey is published, because answers point at them: a
removed choice would take its answers with it, a changed kind would leave numbers under a choice
question. Wording may still be fixed (a typo in a question or a choice), the close date moved,
and the survey closed. Every change to a published survey is audited (SURVEY_CHANGE); drafts are
seen by staff only and are not.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hiroba.accounts.models import Member
from hiroba.audit.models import AuditAction
from hiroba.audit.services import record_audit
from hiroba.community.models import Space
from hiroba.core.errors import Refused
from hiroba.core.text import clean_text
from hiroba.surveys.audiences import AUDIENCES, audience_of
from hiroba.surveys.models import (
    CHOICE_KINDS,
    TEXT_KINDS,
    AudienceKind,
    Choice,
    Kind,
    Question,
    Status,
    Survey,
)
from hiroba.surveys.permissions import require_survey_staff
from hiroba.surveys.selectors import surveys_written

MAX_QUESTIONS = 50
MAX_CHOICES = 30


def _locked(survey: Survey) -> Survey:
    return (
        Survey.objects.select_for_update(of=("self",))
        .select_related("audience_space")
        .get(pk=survey.pk)
    )


def _require_draft(survey: Survey) -> None:
    if survey.status != Status.DRAFT:
        raise Refused(
            _(
                "This survey is published: its questions and choices can no longer change, "
                "only their wording."
            ),
            code="published",
        )


def _require_not_closed(survey: Survey) -> None:
    if survey.status == Status.CLOSED:
        raise Refused(_("This survey is closed and can no longer change."), code="closed")


def _clean_settings(
    *,
    title,
    description,
    audience_kind,
    audience_space,
    audience_target_id=None,
    is_anonymous,
    allow_edit,
) -> dict:
    if audience_kind not in AUDIENCES:
        raise ValidationError({"audience_kind": _("Choose who is asked.")}, code="audience")
    if audience_kind != AudienceKind.SPACE:
        audience_space = None
    # Only a registered kind that names a target keeps one (an event for its attendees).
    if not AUDIENCES[audience_kind].has_target:
        audience_target_id = None
    if is_anonymous and allow_edit:
        raise ValidationError(
            {
                "allow_edit": _(
                    "Anonymous responses cannot be edited: nothing links them to the member who "
                    "gave them."
                )
            },
            code="anonymous_edit",
        )
    fields = {
        "title": clean_text(title, field="title", max_length=200),
        "description": clean_text(
            description, field="description", max_length=2000, required=False
        ),
        "audience_kind": audience_kind,
        "audience_space": audience_space,
        "audience_target_id": audience_target_id,
        "is_anonymous": bool(is_anonymous),
        "allow_edit": bool(allow_edit),
    }
    audience_of(Survey(**fields)).validate(Survey(**fields))
    return fields


@transaction.atomic
def create_survey(
    *,
    actor: Member,
    title: str,
    description: str = "",
    audience_kind: str = AudienceKind.ALL,
    audience_space: Space | None = None,
    audience_target_id: int | None = None,
    is_anonymous: bool = False,
    allow_edit: bool = False,
    is_nps_round: bool = False,
) -> Survey:
    """A new draft survey, without questions. ``audience_target_id`` names the target of a
    registered audience that has one (audiences.py: the event whose attendees are asked)."""
    require_survey_staff(actor)
    fields = _clean_settings(
        title=title,
        description=description,
        audience_kind=audience_kind,
        audience_space=audience_space,
        audience_target_id=audience_target_id,
        is_anonymous=is_anonymous,
        allow_edit=allow_edit,
    )
    return Survey.objects.create(created_by=actor, is_nps_round=bool(is_nps_round), **fields)


@transaction.atomic
def update_survey(
    *,
    actor: Member,
    survey: Survey,
    title: str,
    description: str = "",
    audience_kind: str | None = None,
    audience_space: Space | None = None,
    audience_target_id: int | None = None,
    is_anonymous: bool | None = None,
    allow_edit: bool | None = None,
    is_nps_round: bool | None = None,
) -> Survey:
    """Change a survey's settings. Once published, only the title and description change."""
    require_survey_staff(actor)
    survey = _locked(survey)
    _require_not_closed(survey)
    if survey.status == Status.DRAFT:
        fields = _clean_settings(
            title=title,
            description=description,
            audience_kind=survey.audience_kind if audience_kind is None else audience_kind,
            audience_space=audience_space,
            audience_target_id=audience_target_id,
            is_anonymous=survey.is_anonymous if is_anonymous is None else is_anonymous,
            allow_edit=survey.allow_edit if allow_edit is None else allow_edit,
        )
        if is_nps_round is not None:
            fields["is_nps_round"] = bool(is_nps_round)
    else:
        fields = {
            "title": clean_text(title, field="title", max_length=200),
            "description": clean_text(
                description, field="description", max_length=2000, required=False
            ),
        }
    before = {name: _plain(getattr(survey, name)) for name in fields}
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.updated_at = timezone.now()
    survey.save(update_fields=[*fields, "updated_at"])
    surveys_written()
    if survey.status != Status.DRAFT:
        _audit_change(actor, survey, before, {n: _plain(v) for n, v in fields.items()})
    return survey


def _plain(value):
    if isinstance(value, Space):
        return value.pk
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _audit_change(actor, survey: Survey, before: dict, after: dict, **extra) -> None:
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if changed or extra:
        record_audit(
            actor=actor,
            action=AuditAction.SURVEY_CHANGE,
            target=survey,
            data={"changed": changed, **extra},
        )


def clean_choices(kind: str, choices) -> list[str]:
    """The choices of a question of ``kind``, stripped and checked (events' questions too)."""
    if kind not in CHOICE_KINDS:
        return []
    texts = [c.strip() for c in choices or () if c and c.strip()]
    if len(texts) < 2:
        raise ValidationError({"choices": _("Give at least two choices.")}, code="few_choices")
    if len(texts) > MAX_CHOICES:
        raise ValidationError(
            {"choices": _("Give at most %(max)d choices.") % {"max": MAX_CHOICES}},
            code="many_choices",
        )
    for text in texts:
        clean_text(text, field="choices", max_length=200)
    if len(set(texts)) != len(texts):
        raise ValidationError(
            {"choices": _("Each choice must be different.")}, code="duplicate_choices"
        )
    return texts


def _clean_reason_for(survey: Survey, kind: str, reason_for: Question | None) -> Question | None:
    if reason_for is None:
        return None
    if kind not in TEXT_KINDS or reason_for.survey_id != survey.pk or reason_for.kind != Kind.NPS:
        raise ValidationError(
            {"reason_for": _("Only a text question can ask the reason for an NPS question.")},
            code="reason_for",
        )
    return reason_for


@transaction.atomic
def add_question(
    *,
    actor: Member,
    survey: Survey,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    choices=(),
    reason_for: Question | None = None,
) -> Question:
    """A new question at the end of a draft survey; choice questions need two choices or more."""
    require_survey_staff(actor)
    survey = _locked(survey)
    _require_draft(survey)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose a kind of question.")}, code="kind")
    texts = clean_choices(kind, choices)
    stats = survey.questions.aggregate(last=Max("position"))
    if survey.questions.count() >= MAX_QUESTIONS:
        raise ValidationError(
            _("A survey has at most %(max)d questions.") % {"max": MAX_QUESTIONS},
            code="many_questions",
        )
    question = Question.objects.create(
        survey=survey,
        kind=kind,
        text=clean_text(text, field="text", max_length=300),
        help_text=clean_text(help_text, field="help_text", max_length=300, required=False),
        required=bool(required),
        position=(stats["last"] or 0) + 1,
        reason_for=_clean_reason_for(survey, kind, reason_for),
    )
    Choice.objects.bulk_create(
        Choice(question=question, text=t, position=i) for i, t in enumerate(texts, start=1)
    )
    _touch(survey)
    return question


@transaction.atomic
def update_question(
    *,
    actor: Member,
    question: Question,
    text: str,
    help_text: str = "",
    required: bool | None = None,
    choices=None,
    reason_for: Question | None = None,
) -> Question:
    """Change a question. In a draft anything but its kind changes (the choices are replaced);
    once published only the wording: the question, its description and its choices' texts (the
    same number of choices, in the same order)."""
    require_survey_staff(actor)
    survey = _locked(question.survey)
    _require_not_closed(survey)
    question = Question.objects.select_for_update().get(pk=question.pk, survey=survey)
    existing = list(question.choices.all())
    before = {
        "text": question.text,
        "help_text": question.help_text,
        "choices": [c.text for c in existing],
    }
    question.text = clean_text(text, field="text", max_length=300)
    question.help_text = clean_text(help_text, field="help_text", max_length=300, required=False)
    texts = clean_choices(question.kind, choices) if question.has_choices else []
    if survey.status == Status.DRAFT:
        if required is not None:
            question.required = bool(required)
        question.reason_for = _clean_reason_for(survey, question.kind, reason_for)
        question.save(update_fields=["text", "help_text", "required", "reason_for"])
        if question.has_choices and texts != before["choices"]:
            question.choices.all().delete()
            Choice.objects.bulk_create(
                Choice(question=question, text=t, position=i) for i, t in enumerate(texts, 1)
            )
        _touch(survey)
        return question
    if required is not None and bool(required) != question.required:
        raise Refused(
            _("Whether a question is required cannot change once the survey is published."),
            code="published",
        )
    if question.has_choices and len(texts) != len(existing):
        raise ValidationError(
            {
                "choices": _(
                    "The survey is published: fix the wording of its %(count)d choices, one per "
                    "line in the same order, without adding or removing any."
                )
                % {"count": len(existing)}
            },
            code="published_choices",
        )
    question.save(update_fields=["text", "help_text"])
    for choice, new_text in zip(existing, texts, strict=False):
        if choice.text != new_text:
            choice.text = new_text
            choice.save(update_fields=["text"])
    _touch(survey)
    after = {"text": question.text, "help_text": question.help_text, "choices": texts}
    _audit_change(actor, survey, before, after, question=question.pk)
    return question


@transaction.atomic
def move_question(*, actor: Member, question: Question, offset: int) -> Question:
    """Move a draft's question up (offset -1) or down (+1); positions are renumbered 1..n."""
    require_survey_staff(actor)
    survey = _locked(question.survey)
    _require_draft(survey)
    ordered = list(survey.questions.order_by("position", "id"))
    index = next((i for i, q in enumerate(ordered) if q.pk == question.pk), None)
    if index is None:
        raise ValidationError(_("This question is not in the survey."))
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    _touch(survey)
    return next(q for q in ordered if q.pk == question.pk)


@transaction.atomic
def remove_question(*, actor: Member, question: Question) -> None:
    """Remove a question (and its choices) from a draft."""
    require_survey_staff(actor)
    survey = _locked(question.survey)
    _require_draft(survey)
    Question.objects.filter(pk=question.pk, survey=survey).delete()
    _touch(survey)


def _touch(survey: Survey) -> None:
    survey.updated_at = timezone.now()
    survey.save(update_fields=["updated_at"])


def _clean_dates(opens_at, closes_at, *, now) -> None:
    if closes_at is not None and closes_at <= max(opens_at, now):
        raise ValidationError(
            {"closes_at": _("The close date must come after the opening and after now.")},
            code="close_before_open",
        )


@transaction.atomic
def publish_survey(
    *,
    actor: Member,
    survey: Survey,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> Survey:
    """Publish a draft: it opens to its audience at ``opens_at`` (now when empty) and closes at
    ``closes_at`` (never on its own when empty; staff close it). Questions are then fixed."""
    require_survey_staff(actor)
    survey = _locked(survey)
    _require_draft(survey)
    now = timezone.now()
    opens_at = opens_at or now
    _clean_dates(opens_at, closes_at, now=now)
    questions = list(survey.questions.all())
    if not questions:
        raise ValidationError(_("Add at least one question before publishing."), code="empty")
    nps_questions = [q for q in questions if q.kind == Kind.NPS]
    if survey.is_nps_round and len(nps_questions) != 1:
        raise ValidationError(
            _("A survey in the NPS series needs exactly one NPS question (it has %(count)d).")
            % {"count": len(nps_questions)},
            code="nps_round",
        )
    audience_of(survey).validate(survey)
    survey.status = Status.PUBLISHED
    survey.opens_at = opens_at
    survey.closes_at = closes_at
    survey.published_at = now
    survey.updated_at = now
    survey.save(update_fields=["status", "opens_at", "closes_at", "published_at", "updated_at"])
    surveys_written()
    record_audit(
        actor=actor,
        action=AuditAction.SURVEY_PUBLISH,
        target=survey,
        data={
            "opens_at": opens_at.isoformat(),
            "closes_at": closes_at.isoformat() if closes_at else None,
            "questions": len(questions),
            "audience": survey.audience_kind,
            "audience_target": survey.audience_target_id,
        },
    )
    return survey


@transaction.atomic
def change_close_date(*, actor: Member, survey: Survey, closes_at: datetime | None) -> Survey:
    """Extend (or shorten) a published survey: a new close date in the future, or none."""
    require_survey_staff(actor)
    survey = _locked(survey)
    _require_not_closed(survey)
    if survey.status != Status.PUBLISHED:
        raise Refused(_("Publish the survey first."), code="not_published")
    _clean_dates(survey.opens_at, closes_at, now=timezone.now())
    before = {"closes_at": _plain(survey.closes_at)}
    survey.closes_at = closes_at
    _touch_fields(survey, "closes_at")
    _audit_change(actor, survey, before, {"closes_at": _plain(closes_at)})
    return survey


def _touch_fields(survey: Survey, *fields: str) -> None:
    survey.updated_at = timezone.now()
    survey.save(update_fields=[*fields, "updated_at"])
    surveys_written()


@transaction.atomic
def close_survey(*, actor: Member, survey: Survey) -> Survey:
    """Close a published survey now: no more answers or edits; results stay."""
    require_survey_staff(actor)
    survey = _locked(survey)
    if survey.status == Status.CLOSED:
        return survey
    if survey.status != Status.PUBLISHED:
        raise Refused(_("A draft cannot be closed; it was never open."), code="not_published")
    now = timezone.now()
    survey.status = Status.CLOSED
    survey.closed_at = now
    _touch_fields(survey, "status", "closed_at")
    record_audit(
        actor=actor,
        action=AuditAction.SURVEY_CLOSE,
        target=survey,
        data={"responses": survey.response_count},
    )
    return survey


@transaction.atomic
def record_export(*, actor: Member, survey: Survey, filters: dict | None = None) -> None:
    """Audit an export of a survey's responses (the file itself is streamed by the view)."""
    require_survey_staff(actor)
    if survey.status == Status.DRAFT:
        raise Refused(_("A draft has no responses to export."), code="not_published")
    record_audit(
        actor=actor,
        action=AuditAction.SURVEY_EXPORT,
        target=survey,
        data={"responses": survey.response_count, **(filters or {})},
    )
