"""KPIs for the company's own BI tools: the dashboard's figures, read from the daily rollups.

Every endpoint takes the dashboard's period (``period``, ``day``, ``end``) and needs an API
token of an editor or community manager (members get 403). Wrong dates are 422.
See docs/kpis.md for what each figure means; ``/kpis`` also returns the definitions.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router

from hiroba.accounts.permissions import require_login
from hiroba.core.api.schemas import ERRORS
from hiroba.insights import kpis
from hiroba.insights.definitions import KPIS
from hiroba.insights.forms import PeriodForm
from hiroba.insights.periods import Period
from hiroba.insights.permissions import require_insights
from hiroba.insights.schemas import KpisOut, LevelsOut, PeriodParams, SeriesOut, SpacesOut

router = Router(tags=["insights"])


def _period(request: HttpRequest, params: PeriodParams) -> Period:
    actor = request.auth
    require_login(actor)
    require_insights(actor)
    form = PeriodForm(
        {
            "period": params.period,
            "day": params.day.isoformat() if params.day else "",
            "end": params.end.isoformat() if params.end else "",
        }
    )
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.result


def _out(period: Period) -> dict:
    return {"start": period.start, "end": period.end, "days": period.days}


@router.get(
    "/kpis", response={200: KpisOut, **ERRORS}, summary="The figures of a period and the one before"
)
def get_kpis(request: HttpRequest, params: Query[PeriodParams]):
    period = _period(request, params)
    current, previous = kpis.compare(period)
    return {
        "period": _out(period),
        "previous_period": _out(period.previous()),
        "figures": current.as_dict(),
        "previous": previous.as_dict(),
        "definitions": {key: str(text) for key, (_label, text) in KPIS.items()},
    }


@router.get("/series", response={200: SeriesOut, **ERRORS}, summary="One row per day of a period")
def get_series(request: HttpRequest, params: Query[PeriodParams]):
    period = _period(request, params)
    return {"period": _out(period), "days": kpis.daily_series(period)}


@router.get("/spaces", response={200: SpacesOut, **ERRORS}, summary="The period's figures by space")
def get_spaces(request: HttpRequest, params: Query[PeriodParams]):
    period = _period(request, params)
    return {"period": _out(period), "spaces": kpis.space_breakdown(period)}


@router.get("/levels", response={200: LevelsOut, **ERRORS}, summary="Members per activity level")
def get_levels(request: HttpRequest, params: Query[PeriodParams]):
    period = _period(request, params)
    series = kpis.daily_series(period)
    latest = next((day.levels for day in reversed(series) if day.levels), {})
    return {
        "period": _out(period),
        "levels": latest,
        "days": [{"day": day.day.isoformat(), "levels": day.levels} for day in series],
    }
