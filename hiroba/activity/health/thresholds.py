"""Changing the level thresholds and the warming-up rule. Who may, and the audit entry, are the
caller's: the console's ``update_health_settings`` lets managers and audits their change, as
this app sits below the accounts (their roles) and beside the audit log.

Levels are ranges on the stored sums, so new thresholds hold from the next read, with nothing
to rebuild; the ``level`` column kept for "changed level" lists is refreshed by the recompute,
queued as a job once the change is committed. Half-lives and weights stay settings-only.
"""

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hiroba.activity import jobs
from hiroba.activity.health import config as health_config
from hiroba.activity.health.config import HealthConfig
from hiroba.activity.models import HealthSettings


def candidate(
    *, core: float, light: float, low: float, warming_min: float, warming_ratio: float
) -> HealthConfig:
    """The current configuration with these thresholds, after checking them (ValidationError
    with a code per broken rule, keyed by field)."""
    errors: dict[str, list[ValidationError]] = {}
    if not low > 0:
        errors.setdefault("low", []).append(
            ValidationError(_("The low-involvement threshold must be above 0."), code="low")
        )
    if not light > low:
        errors.setdefault("light", []).append(
            ValidationError(
                _("The light threshold must be above the low-involvement one."), code="light"
            )
        )
    if not core > light:
        errors.setdefault("core", []).append(
            ValidationError(_("The core threshold must be above the light one."), code="core")
        )
    if not warming_min >= 0:
        errors.setdefault("warming_min", []).append(
            ValidationError(_("The minimum short-term score cannot be negative."), code="min")
        )
    if not warming_ratio >= 1:
        errors.setdefault("warming_ratio", []).append(
            ValidationError(_("The pace ratio must be 1 or more."), code="ratio")
        )
    if errors:
        raise ValidationError(errors)
    return replace(
        health_config.current(),
        levels={"core": float(core), "light": float(light), "low": float(low)},
        warming_min=float(warming_min),
        warming_ratio=float(warming_ratio),
    )


@transaction.atomic
def store_health_settings(
    *,
    actor,
    core: float,
    light: float,
    low: float,
    warming_min: float,
    warming_ratio: float,
    recompute: bool = True,
) -> HealthSettings:
    """Store the thresholds (core > light > low > 0) and the warming rule (min ≥ 0, ratio ≥ 1)
    for the whole community, as set by ``actor`` (the caller has checked they may); the levels
    read now follow at once, and the stored ``level`` column is recomputed by a job after the
    commit (``recompute=False``: not)."""
    values = {
        "core": core,
        "light": light,
        "low": low,
        "warming_min": warming_min,
        "warming_ratio": warming_ratio,
    }
    candidate(**values)
    row, _created = HealthSettings.objects.update_or_create(
        pk=1, defaults={**{k: float(v) for k, v in values.items()}, "updated_by": actor}
    )
    health_config.forget_stored()  # this process reads the new values at once
    transaction.on_commit(health_config.forget_stored)  # a read in between cached the old ones
    if recompute:
        transaction.on_commit(jobs.recompute_levels)
    return row
