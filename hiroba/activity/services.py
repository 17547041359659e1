"""Appending Activity rows. Callers are other services, inside their own transaction."""

import time
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone

from hiroba.activity.health.updates import add_activity
from hiroba.activity.models import Activity, Verb

VISIT_INTERVAL = timedelta(minutes=5)
SESSION_LAST_VISIT = "hiroba_last_visit"


def record_activity(
    *,
    actor,
    verb: str,
    subject: models.Model | None = None,
    space_id: int | None = None,
    data: dict | None = None,
    at: datetime | None = None,
) -> Activity:
    """Append one Activity row and add it to the actor's health score (anonymous: row only).

    ``at`` is for imports and tests; services leave it to the clock.

    The score is updated first: on PostgreSQL the row lock it takes is what a rebuild of the
    scores waits on, so no Activity row of an unfinished transaction can slip past a rebuild.
    """
    member = actor if actor is not None and actor.is_authenticated else None
    now = at or timezone.now()
    with transaction.atomic(savepoint=False):
        if member is not None:
            add_activity(member_id=member.pk, verb=verb, at=now, joined=member.date_joined)
        return Activity.objects.create(
            actor=member,
            verb=verb,
            subject_type=subject._meta.model_name if subject is not None else "",
            subject_id=subject.pk if subject is not None else None,
            space_id=space_id,
            data=data or {},
            created_at=now,
        )


def record_visit(*, actor, session, path: str) -> Activity | None:
    """At most one visit row per member per VISIT_INTERVAL.

    The session remembers when it last counted a visit, so the pages in between cost nothing
    (no cache round trip, no write); the cache key then stops a member's second device from
    counting the same minutes twice. Each row carries its session: the stay time of a session is
    the span between its first and last visit rows (plus one interval), computed from these rows.
    """
    now = time.time()
    interval = VISIT_INTERVAL.total_seconds()
    last = session.get(SESSION_LAST_VISIT)
    if isinstance(last, int | float) and 0 <= now - last < interval:
        return None
    session[SESSION_LAST_VISIT] = now
    if not cache.add(f"visit:{actor.pk}", 1, timeout=int(interval)):
        return None
    return record_activity(
        actor=actor,
        verb=Verb.VISIT,
        data={"session": (session.session_key or "")[:12], "path": path[:200]},
    )
