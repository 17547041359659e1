"""The audit log for managers: read-only, filtered by actor, action and target."""

import re

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from hiroba.accounts.models import HANDLE_RE
from hiroba.accounts.selectors import members_with_handle
from hiroba.audit.models import AuditAction
from hiroba.core.audit_targets import show_targets, target_types
from hiroba.core.pagination import Page
from hiroba.moderation import selectors
from hiroba.moderation.permissions import require_audit_access


def _filters(params) -> tuple[selectors.AuditFilters, dict]:
    handle = params.get("actor", "").strip().lstrip("@")[:30]
    action = params.get("action", "")
    target_type = params.get("target_type", "")
    target_id = params.get("target_id", "").strip()
    filters = selectors.AuditFilters(
        action=action if action in AuditAction.values else "",
        target_type=target_type if target_type in dict(target_types()) else "",
        target_id=int(target_id) if target_id.isascii() and target_id.isdigit() and
        len(target_id) < 19 else None,
    )  # fmt: skip
    unknown_actor = False
    if handle:
        # Only a handle's shape reaches the database (PostgreSQL refuses a NUL in text).
        valid = re.fullmatch(HANDLE_RE, handle)
        filters.actor = members_with_handle(handle).first() if valid else None
        unknown_actor = filters.actor is None
    shown = {
        "actor": handle,
        "action": filters.action,
        "target_type": filters.target_type,
        "target_id": filters.target_id or "",
        "unknown_actor": unknown_actor,
    }
    return filters, shown


@login_required
def audit_log(request):
    require_audit_access(request.user)
    filters, shown = _filters(request.GET)
    if shown["unknown_actor"]:
        page = Page([], None)
    else:
        page = selectors.list_audit(filters, cursor=request.GET.get("cursor"))
    show_targets(page.items)
    query = {k: v for k, v in shown.items() if v and k != "unknown_actor"}
    return render(
        request,
        "moderation/audit.html",
        {
            "page": page,
            "filters": shown,
            "query": query,
            "actions": AuditAction.choices,
            "target_types": target_types(),
        },
    )
