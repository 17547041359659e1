"""Writes made from the console to the apps at the bottom of the stack, which know neither the
roles nor the audit log: the console checks who may and audits, the app below stores."""

from django.db import transaction

from hiroba.activity import health
from hiroba.activity.health.thresholds import store_health_settings
from hiroba.activity.models import HealthSettings
from hiroba.audit.models import AuditAction
from hiroba.audit.services import record_audit
from hiroba.console.permissions import require_health_settings


@transaction.atomic
def update_health_settings(
    *,
    actor,
    core: float,
    light: float,
    low: float,
    warming_min: float,
    warming_ratio: float,
    recompute: bool = True,
) -> HealthSettings:
    """A manager's new activity-level thresholds and warming rule, audited
    (``store_health_settings`` says what they must be and what follows); anyone else is refused."""
    require_health_settings(actor)
    before = health.current()
    values = {
        "core": core,
        "light": light,
        "low": low,
        "warming_min": warming_min,
        "warming_ratio": warming_ratio,
    }
    row = store_health_settings(actor=actor, **values, recompute=recompute)
    record_audit(
        actor=actor,
        action=AuditAction.HEALTH_SETTINGS,
        target=row,
        data={
            "before": {
                **before.levels,
                "warming_min": before.warming_min,
                "warming_ratio": before.warming_ratio,
            },
            "after": {k: float(v) for k, v in values.items()},
        },
    )
    return row
