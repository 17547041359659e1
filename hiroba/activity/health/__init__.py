"""The health score "now" (DESIGN.md): exponentially decayed sums of weighted activity with a
short and a long half-life, activity levels, and the members who are warming up.

What other apps use:

- ``Level``: core / light / low / dormant;
- ``level_q(levels, now=)``, ``warming_q(now=)``, ``score_q(min_score=, max_score=, now=)``:
  filters over Member;
- ``level_counts(now=, config=)``, ``warming_count(now=, config=)``,
  ``warming_members(limit=, after=, now=)``, ``warming_page(size=, cursor=, now=)``;
- ``current()``: the configuration (settings, with the thresholds a manager stored in the
  console in their place), ``defaults()``: the settings alone;
- ``scores_for(member, now=)``, ``score_history(member, days=)``;
- ``MemberHealth.last_active_at`` (via ``Member.health``): last activity of any kind.

Definitions and figures: docs/health.md.
"""

from hiroba.activity.health.config import HealthConfig, current, defaults
from hiroba.activity.health.queries import (
    LEVEL_ORDER,
    HistoryPoint,
    Scores,
    WarmingMember,
    level_counts,
    level_of,
    level_q,
    outsiders_q,
    score_history,
    score_q,
    scores_for,
    warming_count,
    warming_members,
    warming_page,
    warming_q,
)
from hiroba.activity.models import Level, MemberHealth

__all__ = [
    "LEVEL_ORDER",
    "HealthConfig",
    "HistoryPoint",
    "Level",
    "MemberHealth",
    "Scores",
    "WarmingMember",
    "current",
    "defaults",
    "level_counts",
    "level_of",
    "level_q",
    "outsiders_q",
    "score_history",
    "score_q",
    "scores_for",
    "warming_count",
    "warming_members",
    "warming_page",
    "warming_q",
]
