"""Decayed sums kept as logarithms at a fixed epoch (see MemberHealth's docstring).

A sum S = Σ wᵢ·e^((tᵢ − E)/τ) is stored as ln S. At time t the decayed score is
S·e^(−(t − E)/τ) = e^(ln S − (t − E)/τ); adding an activity of weight w at time t is
ln(e^a + e^b) with b = ln w + (t − E)/τ, computed as max + ln(1 + e^(min − max)).
"""

import math
from datetime import UTC, datetime

EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
# Beyond this gap the smaller term changes the larger by less than a double can hold
# (ln(1 + e^-40) ≈ 4e-18); PostgreSQL's exp() also refuses to underflow, so stop early.
NEGLIGIBLE_GAP = 40.0


def elapsed(moment: datetime) -> float:
    """Seconds from the epoch."""
    return (moment - EPOCH).total_seconds()


def ln_term(weight: float, moment: datetime, tau: float) -> float | None:
    """ln of one activity's term in a sum; None for weight 0 (no term)."""
    if weight <= 0:
        return None
    return math.log(weight) + elapsed(moment) / tau


def score_at(stored_ln: float | None, moment: datetime, tau: float) -> float:
    """The decayed score at ``moment`` of a sum stored as ``stored_ln``."""
    if stored_ln is None:
        return 0.0
    exponent = stored_ln - elapsed(moment) / tau
    return math.exp(exponent) if exponent > -700 else 0.0


def threshold_ln(score: float, moment: datetime, tau: float) -> float:
    """The stored value above which the score at ``moment`` is at least ``score`` (> 0)."""
    return math.log(score) + elapsed(moment) / tau


def add_ln(a: float | None, b: float | None) -> float | None:
    """ln(e^a + e^b), with None standing for an empty sum (the same formula as the SQL)."""
    if a is None:
        return b
    if b is None:
        return a
    high, low = max(a, b), min(a, b)
    if high - low > NEGLIGIBLE_GAP:
        return high
    return high + math.log1p(math.exp(low - high))
