"""The executive report: one page for a period with the headline KPIs, their change from the
previous period, their trend over the last few periods, and a short definition of each.

``build_report(period)`` gathers it; the console shows it as a printable page
(``console/report``) and ``hiroba.insights.report.pdf`` draws the same report as a PDF.
"""

from hiroba.insights.report.data import Headline, Report, build_report

__all__ = ["Headline", "Report", "build_report"]
