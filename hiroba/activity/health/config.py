"""The health score's configuration, read from the settings at each use (tests override them)."""

import hashlib
import json
import math
from dataclasses import dataclass

from django.conf import settings

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


def current() -> HealthConfig:
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
    _validate(config)
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
    if config.warming_min <= 0 or config.warming_ratio <= 0:
        raise ImproperlyConfigured("HIROBA_HEALTH_WARMING needs a positive min and ratio.")
