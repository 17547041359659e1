"""Appending to the audit log. Callers are services, inside their own transaction, so an action
and its entry are committed together or not at all."""

from django.db import models

from hiroba.audit.models import AuditEntry


def record_audit(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: int | None = None,
    reason: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """One entry: ``actor`` None (or anonymous) is the system, e.g. a scheduled job or a word rule."""
    if target is not None:
        target_type, target_id = target._meta.model_name, target.pk
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=(reason or "")[:1000],
        data=data or {},
    )
