"""The health score's configuration: the HIROBA_HEALTH_* settings (read at each use: tests
override them), with the level thresholds and the warming-up rule the community manager stored
in the console (HealthSettings) in their place. The stored row is kept in this process's
"fragments" cache (local memory, no query) for STORED_SECONDS; the service that changes it
forgets it here at once, other processes follow within STORED_SECONDS."""

import hashlib
import json
import math
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import caches

from hiroba.activity.models import HealthSettings

DAY_SECONDS = 86_400


@dataclass(frozen=True)
class HealthConfig:
    short_half_life_days: float
    long_half_life_days: float
    weights: dict[str, float]
    levels: dict[str, float]  # lowest long-term score of core, light and low
    warming_min: float
    warming_ratio: float

    @property
    def short_tau(self) -> float:
        """Seconds for the short sum to shrink by e (half-life / ln 2)."""
        return self.short_half_life_days * DAY_SECONDS / math.log(2)

    @property
    def long_tau(self) -> float:
        return self.long_half_life_days * DAY_SECONDS / math.log(2)

    def weight(self, verb: str) -> float:
        return self.weights.get(verb, 0.0)

    @property
    def fingerprint(self) -> str:
        """What the stored sums depend on: a change means a rebuild from Activity is due."""
        basis = {
            "short": self.short_half_life_days,
            "long": self.long_half_life_days,
            "weights": {verb: w for verb, w in sorted(self.weights.items()) if w},
        }
        return hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()


STORED_KEY = "hiroba:health-settings"
STORED_SECONDS = 30
THRESHOLD_FIELDS = ("core", "light", "low", "warming_min", "warming_ratio")


def stored() -> dict[str, float] | None:
    """The thresholds and warming rule stored in the console; None: the settings' defaults."""
    fragments = caches["fragments"]
    found = fragments.get(STORED_KEY)
    if found is None:
        row = HealthSettings.objects.filter(pk=1).values(*THRESHOLD_FIELDS).first()
        found = {"row": row}
        fragments.set(STORED_KEY, found, timeout=STORED_SECONDS)
    return found["row"]


def forget_stored() -> None:
    caches["fragments"].delete(STORED_KEY)


def defaults() -> HealthConfig:
    """The configuration from the settings alone."""
    return current(use_stored=False)


def current(*, use_stored: bool = True) -> HealthConfig:
    from django.core.exceptions import ImproperlyConfigured

    levels = settings.HIROBA_HEALTH_LEVELS
    warming = settings.HIROBA_HEALTH_WARMING
    # A misspelt key would otherwise be ignored and leave the default in place, silently.
    for name, given, known in (
        ("HIROBA_HEALTH_LEVELS", levels, {"core", "light", "low"}),
        ("HIROBA_HEALTH_WARMING", warming, {"min", "ratio"}),
    ):
        if set(given) - known:
            unknown = ", ".join(sorted(set(given) - known))
            raise ImproperlyConfigured(f"{name} knows {', '.join(sorted(known))}, not {unknown}.")
    config = HealthConfig(
        short_half_life_days=float(settings.HIROBA_HEALTH_SHORT_HALF_LIFE_DAYS),
        long_half_life_days=float(settings.HIROBA_HEALTH_LONG_HALF_LIFE_DAYS),
        weights={verb: float(w) for verb, w in settings.HIROBA_HEALTH_WEIGHTS.items()},
        levels={name: float(levels[name]) for name in ("core", "light", "low")},
        warming_min=float(warming["min"]),
        warming_ratio=float(warming["ratio"]),
    )
    _validate(config)  # the settings first: a bad one stops the site, stored values or not
    row = stored() if use_stored else None
    if row:  # checked by the service that stored them
        config = replace(
            config,
            levels={name: float(row[name]) for name in ("core", "light", "low")},
            warming_min=float(row["warming_min"]),
            warming_ratio=float(row["warming_ratio"]),
        )
    return config


def _validate(config: HealthConfig) -> None:
    from django.core.exceptions import ImproperlyConfigured

    if config.short_half_life_days <= 0 or config.long_half_life_days <= 0:
        raise ImproperlyConfigured("Health score half-lives must be positive.")
    if any(w < 0 for w in config.weights.values()):
        raise ImproperlyConfigured("Health score weights must not be negative.")
    core, light, low = (config.levels[n] for n in ("core", "light", "low"))
    if not core > light > low > 0:
        raise ImproperlyConfigured("HIROBA_HEALTH_LEVELS needs core > light > low > 0.")
    if config.warming_min < 0 or config.warming_ratio <= 0:
        raise ImproperlyConfigured("HIROBA_HEALTH_WARMING needs a min ≥ 0 and a positive ratio.")
