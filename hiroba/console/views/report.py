"""Console: the executive report, a printable page and the same report as a PDF."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from hiroba.community.selectors import get_community
from hiroba.console.context import console_context
from hiroba.console.decorators import insights_view
from hiroba.console.forms import period_from
from hiroba.insights.report import build_report
from hiroba.insights.report.pdf import render_pdf


@require_GET
@insights_view
def report(request):
    form, period = period_from(request.GET)
    data = build_report(period)
    if request.GET.get("format") == "pdf" and not form.errors:
        name = get_community().name
        response = HttpResponse(
            render_pdf(data, community_name=name), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="report-{period.start}-{period.end}.pdf"'
        )
        return response
    trends = {
        f"trend-{line.key}": {
            "label": line.label,
            "labels": [p[0] for p in line.points],
            "values": [p[1] for p in line.points],
        }
        for line in data.trends
    }
    return render(
        request,
        "console/report/report.html",
        console_context(request, "report", form=form, report=data, trends=trends),
    )


urlpatterns = [path("report/", report, name="report")]
