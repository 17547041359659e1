"""An event's funnel, the one definition the console (and any other screen) shows:

1. page views: ``Event.view_count`` (the event page's views, counted by the page);
2. applications: every application made, cancelled ones included (a member who applied, cancelled
   and applied again counts twice: each is an application made);
3. selected: applications that got a seat: confirmed, won (a lottery winner yet to confirm) and
   attended;
4. attended: applications in the ATTENDED state (checked in);
5. survey answers: responses to the surveys addressed to the event's attendees (the
   "event_attended" audience with the event as its target).

The first four come from one aggregate query over the event's applications, the last from one
count.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from hiroba.events.audiences import KIND as ATTENDEES_AUDIENCE
from hiroba.events.models import Application, ApplicationState, Event
from hiroba.surveys.models import Response

# Applications that got a seat, whether or not the member came.
SELECTED = (ApplicationState.CONFIRMED, ApplicationState.WON, ApplicationState.ATTENDED)


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    count: int | None
    # The share of the previous stage that reached this one (None: nothing to divide by).
    rate: float | None = None

    @property
    def percent(self) -> float | None:
        return None if self.rate is None else round(100 * self.rate, 1)


def application_counts(event: Event) -> dict[str, int]:
    """{state: applications} of the event plus "total" and "selected", in one query."""
    counts = Application.objects.filter(event=event).aggregate(
        total=Count("pk"),
        selected=Count("pk", filter=Q(state__in=SELECTED)),
        **{state: Count("pk", filter=Q(state=state)) for state in ApplicationState.values},
    )
    return counts


def event_funnel(event: Event, counts: dict[str, int] | None = None) -> list[Stage]:
    """The stages in order, each with its count and its rate from the stage before."""
    counts = counts if counts is not None else application_counts(event)
    raw = [
        ("views", _("Page views"), event.view_count),
        ("applications", _("Applications"), counts["total"]),
        ("selected", _("Selected"), counts["selected"]),
        ("attended", _("Attended"), counts[ApplicationState.ATTENDED]),
        ("survey_answers", _("Survey answers"), event_survey_answers(event)),
    ]
    stages = []
    previous = None
    for key, label, count in raw:
        rate = count / previous if count is not None and previous else None
        stages.append(Stage(key, str(label), count, rate))
        previous = count
    return stages


def event_survey_answers(event: Event) -> int:
    """Answers to the surveys addressed to the event's attendees."""
    return Response.objects.filter(
        survey__audience_kind=ATTENDEES_AUDIENCE, survey__audience_target_id=event.pk
    ).count()
