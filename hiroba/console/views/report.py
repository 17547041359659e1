"""Console: the executive report, a printable page and the same report as a PDF."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from hiroba.community.selectors import get_community
from hiroba.console.context import console_context
from hiroba.console.decorators import insights_view
from hiroba.insights.definitions import MEMBER
from hiroba.insights.forms import period_from
from hiroba.insights.report import build_report
from hiroba.insights.report.data import last_complete_month
from hiroba.insights.report.pdf import render_pdf


@require_GET
@insights_view
def report(request):
    params = request.GET
    if not params.get("period"):  # the report a manager hands over: the last complete month
        params = {"period": "month", "day": last_complete_month().start.isoformat()}
    form, period = period_from(params)
    if period is None:
        context = console_context(request, "report", form=form, report=None)
        return render(request, "console/report/report.html", context, status=400)
    data = build_report(period)
    if request.GET.get("format") == "pdf":
        pdf = render_pdf(data, community_name=get_community().name)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"report-{period.start}-{period.end}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    trends = {
        f"trend-{line.key}": {
            "label": line.label,
            "labels": [label for label, _value in line.points],
            "values": [value for _label, value in line.points],
        }
        for line in data.trends
    }
    return render(
        request,
        "console/report/report.html",
        console_context(
            request, "report", form=form, report=data, trends=trends, member_note=MEMBER
        ),
    )


urlpatterns = [path("report/", report, name="report")]
