"""Console: the KPI dashboard. Reads the daily rollups only (hiroba.insights.kpis)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from hiroba.console.context import console_context
from hiroba.console.decorators import insights_view
from hiroba.insights import kpis
from hiroba.insights.definitions import MEMBER
from hiroba.insights.export import EXPORTS, export_rows, to_csv
from hiroba.insights.forms import period_from
from hiroba.insights.presenters import cards, chart_data, ordered_levels
from hiroba.insights.services import record_kpi_export


@require_GET
@insights_view
def dashboard(request):
    form, period = period_from(request.GET)
    chart = request.GET.get("csv")
    if chart is not None:
        if period is None or chart not in EXPORTS:
            raise Http404("No such export")
        return _csv(request, chart, period)
    context = {"form": form, "period": period, "exports": EXPORTS, "member_note": MEMBER}
    if period is not None:
        # One read of the NPS series for the headline and the table beside it.
        rounds = kpis.nps_rounds(period)
        current, previous = kpis.compare(period, rounds=rounds)
        series = kpis.daily_series(period)
        context |= {
            "previous": period.previous(),
            "as_of": current.as_of,
            "nps_live": period.until > timezone.now(),
            "cards": cards(current, previous),
            "charts": chart_data(series, rounds),
            "spaces": kpis.space_breakdown(period),
            "levels": ordered_levels(current.levels),
            "rounds": rounds[-6:],
            "query": _without_csv(request.GET),
        }
    status = 200 if period is not None else 400
    return render(
        request,
        "console/dashboard/dashboard.html",
        console_context(request, "dashboard", **context),
        status=status,
    )


def _without_csv(params) -> str:
    params = params.copy()
    params.pop("csv", None)
    return params.urlencode()


def _csv(request, chart, period) -> HttpResponse:
    record_kpi_export(actor=request.user, chart=chart, period=period)
    response = HttpResponse(to_csv(export_rows(chart, period)), content_type="text/csv")
    response["Content-Type"] = "text/csv; charset=utf-8"
    name = f"kpi-{chart}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [path("dashboard/", dashboard, name="dashboard")]
