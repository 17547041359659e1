"""Moderation by published guidelines: reports, the queue, word rules, sanctions, the audit log.

Members report; the queue, actions, word rules and sanctions are for moderators, the audit log
for managers (others get 404, as on the pages). Writes go through the same services as pages.
"""

from typing import Annotated

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema, Status

from hiroba.accounts.permissions import require_writer
from hiroba.audit.models import AuditAction
from hiroba.community.models import ReportReason
from hiroba.core.api.body import JsonBody
from hiroba.core.api.params import MAX_ID
from hiroba.core.api.schemas import ERRORS
from hiroba.moderation import selectors, services
from hiroba.moderation.models import WordRule
from hiroba.moderation.permissions import (
    access_member,
    access_target,
    require_audit_access,
    require_queue_access,
)
from hiroba.moderation.schemas import (
    ActionIn,
    AuditOut,
    AuditPageOut,
    LiftIn,
    QueuePageOut,
    ReasonOut,
    ReportIn,
    ReportOut,
    SanctionIn,
    SanctionOut,
    WordRuleIn,
    WordRuleOut,
    WordRulePatch,
)

router = Router()

Id = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/reasons", response={200: list[ReasonOut], **ERRORS}, summary="Reasons to report")
def reasons(request: HttpRequest):
    """The reasons of the published guidelines a report names, with their labels."""
    return [{"code": code, "label": str(label)} for code, label in ReportReason.choices]


@router.post("/reports", response={201: ReportOut, **ERRORS}, summary="Report to the moderators")
def create_report(request: HttpRequest, payload: JsonBody[ReportIn]):
    actor = request.auth
    require_writer(actor)
    if payload.target_type == "member":
        target = access_member(actor, payload.handle or "")
    else:
        if payload.target_id is None:
            raise Http404("No such item")
        target = access_target(actor, payload.target_type, payload.target_id)
    report = services.report_content(
        actor=actor, reason=payload.reason, note=payload.note, **{payload.target_type: target}
    )
    return Status(201, report)


class QueueParams(Schema):
    cursor: str | None = None


@router.get("/queue", response={200: QueuePageOut, **ERRORS}, summary="The moderation queue")
def queue(request: HttpRequest, params: Query[QueueParams]):
    require_queue_access(request.auth)
    page = selectors.list_queue(cursor=params.cursor)
    return {"items": page.items, "next_cursor": page.next_cursor}


def _act(request, target_type: str, target_id: int, payload: ActionIn) -> AuditOut:
    require_queue_access(request.auth)
    target = access_target(request.auth, target_type, target_id)
    if target_type == "post":
        return services.moderate_post(
            actor=request.auth, post=target, action=payload.action, reason=payload.reason
        )
    return services.moderate_comment(
        actor=request.auth, comment=target, action=payload.action, reason=payload.reason
    )


@router.post(
    "/posts/{post_id}/actions",
    response={200: AuditOut, **ERRORS},
    summary="Hide, restore, delete, approve a post, or dismiss its reports",
)
def act_on_post(request: HttpRequest, post_id: Id, payload: JsonBody[ActionIn]):
    return _act(request, "post", post_id, payload)


@router.post(
    "/comments/{comment_id}/actions",
    response={200: AuditOut, **ERRORS},
    summary="Hide, restore, delete, approve a comment, or dismiss its reports",
)
def act_on_comment(request: HttpRequest, comment_id: Id, payload: JsonBody[ActionIn]):
    return _act(request, "comment", comment_id, payload)


@router.get("/word-rules", response={200: list[WordRuleOut], **ERRORS}, summary="Word rules")
def list_word_rules(request: HttpRequest):
    require_queue_access(request.auth)
    return selectors.list_word_rules()


@router.post("/word-rules", response={201: WordRuleOut, **ERRORS}, summary="Add a word rule")
def add_word_rule(request: HttpRequest, payload: JsonBody[WordRuleIn]):
    require_queue_access(request.auth)
    rule = services.add_word_rule(actor=request.auth, **payload.dict())
    return Status(201, rule)


def _rule(rule_id: int) -> WordRule:
    rule = WordRule.objects.filter(pk=rule_id).first()
    if rule is None:
        raise Http404("No such rule")
    return rule


@router.patch(
    "/word-rules/{rule_id}", response={200: WordRuleOut, **ERRORS}, summary="Change a word rule"
)
def change_word_rule(request: HttpRequest, rule_id: Id, payload: JsonBody[WordRulePatch]):
    require_queue_access(request.auth)
    return services.change_word_rule(
        actor=request.auth, rule=_rule(rule_id), **payload.dict(exclude_unset=True)
    )


@router.delete("/word-rules/{rule_id}", response={204: None, **ERRORS}, summary="Remove a rule")
def remove_word_rule(request: HttpRequest, rule_id: Id):
    require_queue_access(request.auth)
    services.remove_word_rule(actor=request.auth, rule=_rule(rule_id))
    return Status(204, None)


@router.get(
    "/members/{handle}/sanctions",
    response={200: list[SanctionOut], **ERRORS},
    summary="A member's sanctions",
)
def list_sanctions(request: HttpRequest, handle: str):
    require_queue_access(request.auth)
    return selectors.list_sanctions(access_member(request.auth, handle))


@router.post(
    "/members/{handle}/sanctions",
    response={201: SanctionOut, **ERRORS},
    summary="Warn, suspend or ban a member",
)
def sanction(request: HttpRequest, handle: str, payload: JsonBody[SanctionIn]):
    require_queue_access(request.auth)
    member = access_member(request.auth, handle)
    return Status(
        201, services.sanction_member(actor=request.auth, member=member, **payload.dict())
    )


@router.post(
    "/members/{handle}/lift",
    response={201: SanctionOut, **ERRORS},
    summary="Lift a member's suspension or ban",
)
def lift(request: HttpRequest, handle: str, payload: JsonBody[LiftIn]):
    require_queue_access(request.auth)
    member = access_member(request.auth, handle)
    return Status(201, services.lift_sanction(actor=request.auth, member=member, **payload.dict()))


class AuditParams(Schema):
    actor: str | None = None
    action: str | None = None
    target_type: str | None = None
    target_id: int | None = None
    cursor: str | None = None


@router.get("/audit", response={200: AuditPageOut, **ERRORS}, summary="The audit log (managers)")
def audit_log(request: HttpRequest, params: Query[AuditParams]):
    require_audit_access(request.auth)
    filters = selectors.AuditFilters(
        action=params.action if params.action in AuditAction.values else "",
        target_type=(params.target_type or "")[:16],
        target_id=params.target_id,
    )
    if params.actor:
        filters.actor = access_member(request.auth, params.actor.lstrip("@"))
    return selectors.list_audit(filters, cursor=params.cursor).__dict__
