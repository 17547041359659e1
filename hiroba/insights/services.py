"""The one write of the insights pages: an export of KPI data is audited."""

from django.db import transaction

from hiroba.audit.models import AuditAction
from hiroba.audit.services import record_audit
from hiroba.insights.periods import Period
from hiroba.insights.permissions import require_insights


@transaction.atomic
def record_kpi_export(*, actor, chart: str, period: Period) -> None:
    """Audit a download of one chart's (or table's) data; editors and managers only."""
    require_insights(actor)
    record_audit(
        actor=actor,
        action=AuditAction.KPI_EXPORT,
        target_type="kpi",
        data={"chart": chart, "start": period.start.isoformat(), "end": period.end.isoformat()},
    )
