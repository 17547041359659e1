"""Reads of the audit log for the apps below moderation: the reason the writer of held or
hidden content is shown is the latest hide or hold entry (the posts selectors read it). The
log's own pages and their filters are moderation's (hiroba.moderation.selectors)."""

from hiroba.audit.models import AuditAction, AuditEntry

REASON_ACTIONS = {
    "post": [AuditAction.POST_HIDE, AuditAction.POST_HOLD],
    "comment": [AuditAction.COMMENT_HIDE, AuditAction.COMMENT_HOLD],
}


def moderation_reasons(target_type: str, ids: list[int]) -> dict[int, AuditEntry]:
    """The latest hide or hold entry of each target, in one query (on the audit_target index)."""
    if not ids:
        return {}
    entries = AuditEntry.objects.filter(
        target_type=target_type, target_id__in=ids, action__in=REASON_ACTIONS[target_type]
    ).order_by("target_id", "-id")
    latest: dict[int, AuditEntry] = {}
    for entry in entries:
        latest.setdefault(entry.target_id, entry)
    return latest
