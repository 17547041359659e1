"""Appending Activity rows. Callers are other services, inside their own transaction."""

from datetime import timedelta

from django.core.cache import cache
from django.db import models

from hiroba.activity.models import Activity, Verb

VISIT_INTERVAL = timedelta(minutes=5)


def record_activity(
    *,
    actor,
    verb: str,
    subject: models.Model | None = None,
    space_id: int | None = None,
    data: dict | None = None,
) -> Activity:
    return Activity.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        subject_type=subject._meta.model_name if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        space_id=space_id,
        data=data or {},
    )


def record_visit(*, actor, session_key: str, path: str) -> Activity | None:
    """At most one visit row per member per VISIT_INTERVAL.

    Each row carries the session it belongs to; the stay time of a session is the span between its
    first and last visit rows (plus one interval), computed later from these rows.
    """
    key = f"visit:{actor.pk}"
    if not cache.add(key, 1, timeout=int(VISIT_INTERVAL.total_seconds())):
        return None
    return record_activity(
        actor=actor,
        verb=Verb.VISIT,
        data={"session": session_key[:12], "path": path[:200]},
    )
