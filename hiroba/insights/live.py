"""The headline figures read from other apps on every call, never from the KPI cache, so they
equal those apps' own pages: the ideas' realization rate (``hiroba.ideas.selectors.idea_stats``)
and the NPS series (``hiroba.surveys.selectors.nps_trend``) as it stood at a period's end."""

import hashlib

from django.core.cache import cache
from django.utils import timezone

from hiroba.ideas.selectors import idea_stats
from hiroba.insights.periods import Period
from hiroba.surveys.models import Survey
from hiroba.surveys.selectors import nps_trend

# An ended period's NPS is kept as long as the KPI figures (kpis.CACHE_SECONDS).
NPS_CACHE_SECONDS = 65 * 60


def add_ideas(result, period: Period) -> None:
    stats = idea_stats(since=period.since, until=period.until)
    result.ideas_submitted = stats.submitted
    result.ideas_realized = stats.realized
    result.realization_rate = stats.realization_rate


def nps_rounds(period: Period | None = None) -> list:
    """The NPS series (``hiroba.surveys.selectors.Round``) as it stood at the end of ``period``,
    oldest first: the rounds opened before the period ended, each counting the answers given
    before then, so a finished month's NPS does not move with answers given after it (all
    rounds and answers without a period).

    A period that includes now reads the answers as the survey's results page does (nothing to
    leave out yet, and no need to read each answer's response). A period that has ended is
    kept for ``NPS_CACHE_SECONDS`` under a key naming the series' rounds (what a later answer
    cannot change: it is left out; a response edited while its round is open may show late).
    """
    if period is None or period.until > timezone.now():
        rounds = nps_trend()
        if period is None:
            return rounds
        return [r for r in rounds if r.opens_at is not None and r.opens_at < period.until]
    key = f"insights:nps:{period.until.isoformat()}:{_series_stamp()}"
    rounds = cache.get(key)
    if rounds is None:
        rounds = nps_trend(until=period.until)
        cache.set(key, rounds, NPS_CACHE_SECONDS)
    return rounds


def _series_stamp() -> str:
    """The NPS series' rounds, their states and opening times, as a short digest (one query
    over a few rows): a round added, reopened, moved or closed makes new keys."""
    rows = Survey.objects.filter(is_nps_round=True).order_by("pk")
    text = repr(list(rows.values_list("pk", "status", "opens_at")))
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def add_nps(result, rounds: list) -> None:
    if rounds:
        latest = rounds[-1]
        result.nps = float(latest.nps.score) if latest.nps.score is not None else None
        result.nps_answers = latest.nps.total
        result.nps_round = latest.title
    else:
        result.nps, result.nps_answers, result.nps_round = None, 0, ""
