"""The events' KPIs on the hand-built community of conftest.py: "events held" (events whose end
fell in the period) and "event participants" (distinct members who checked in), read from the
rollups like every other figure, and the same number on the dashboard, in the API and in the
executive report (page and PDF)."""

from datetime import datetime, timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from hiroba.accounts.models import Member
from hiroba.activity.models import Verb
from hiroba.activity.services import record_activity
from hiroba.api.tests.conftest import ApiClient
from hiroba.events.models import Application, ApplicationState, Event, EventStatus
from hiroba.events.services import apply_to_event, create_event, publish_event
from hiroba.insights.kpis import figures
from hiroba.insights.periods import Period
from hiroba.insights.presenters import HEADLINE
from hiroba.insights.report import build_report
from hiroba.insights.report.data import HEADLINES
from hiroba.insights.report.pdf import render_pdf
from hiroba.insights.rollup import rollup_days, rollup_recent

from .conftest import D0, D1, D2, D3, TOKYO
from .test_report import pdf_text

MONTH = {"period": "month", "day": D3.isoformat()}


def _event(actor, clock, *, title, day, hour, publish=True):
    """An event whose applications open now and that runs at ``hour`` on ``day``, 2 hours."""
    now = clock.now
    starts = datetime(day.year, day.month, day.day, hour, tzinfo=TOKYO)
    event = create_event(
        actor=actor,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        applications_open_at=now,
        applications_close_at=starts - timedelta(minutes=30),
        capacity=10,
    )
    return publish_event(actor=actor, event=event) if publish else event


def check_in(member, event) -> None:
    """What the check-in slice's service records (it is not in this branch): the application
    becomes attended, and one EVENT_CHECK_IN Activity row."""
    Application.objects.filter(event=event, member=member).update(
        state=ApplicationState.ATTENDED, checked_in_at=F("created_at")
    )
    record_activity(actor=member, verb=Verb.EVENT_CHECK_IN, subject=event, space_id=None)


@pytest.fixture
def events(community, clock):
    """On D0 the manager makes four events: the tasting on D1 (alice, bob check in), the
    factory tour on D3 at 10:00 (alice checks in again, dave too), a draft on D2 and an event on
    D2 called off; and a talk on D3 at 20:00, after the story's last moment (18:00)."""
    manager = Member.objects.get(handle="manager")
    clock.at(D0, 11)
    tasting = _event(manager, clock, title="試食会", day=D1, hour=14)
    tour = _event(manager, clock, title="工場見学", day=D3, hour=10)
    _event(manager, clock, title="下書き", day=D2, hour=10, publish=False)
    called_off = _event(manager, clock, title="中止", day=D2, hour=10)
    Event.objects.filter(pk=called_off.pk).update(status=EventStatus.CANCELLED)
    _event(manager, clock, title="夜の講演", day=D3, hour=20)
    for member in (community.alice, community.bob):
        apply_to_event(actor=member, event=tasting)
    clock.at(D1, 14, 5)
    check_in(community.alice, tasting)
    check_in(community.bob, tasting)
    clock.at(D2, 11)
    apply_to_event(actor=community.alice, event=tour)
    apply_to_event(actor=community.dave, event=tour)
    clock.at(D3, 10, 5)
    check_in(community.alice, tour)
    check_in(community.dave, tour)
    clock.at(D3, 18)
    return community


def test_participants_come_from_check_ins_through_the_rollup(events):
    # Before a rollup the Activity rows alone give nothing: the figure is the rollup's.
    assert figures(Period(D1, D3)).event_participants == 0
    rollup_days(D0, D3)
    f = figures(Period(D1, D3))
    # Alice (twice), bob and dave checked in: 3 distinct members.
    assert f.event_participants == 3
    assert figures(Period.day(D1)).event_participants == 2
    assert figures(Period.day(D2)).event_participants == 0
    assert figures(Period.day(D3)).event_participants == 2


def test_a_check_in_by_staff_is_not_a_member_participant(events, clock):
    manager = Member.objects.get(handle="manager")
    record_activity(actor=manager, verb=Verb.EVENT_CHECK_IN, subject=None, space_id=None)
    rollup_days(D3, D3)
    assert figures(Period.day(D3)).event_participants == 2


def test_events_held_are_published_events_that_ended_in_the_period(events):
    rollup_days(D0, D3)
    # D1: the tasting. D2: the draft and the called-off one do not count. D3: the tour ended at
    # 12:00; the talk ends at 22:00, after the rollup ran (18:00): not held yet.
    assert [figures(Period.day(day)).events_held for day in (D1, D2, D3)] == [1, 0, 1]
    assert figures(Period(D1, D3)).events_held == 2


def test_the_talk_counts_once_it_has_ended(events, clock):
    clock.at(D3 + timedelta(days=1), 0, 30)
    rollup_recent()  # finalizes D3 after midnight
    assert figures(Period.day(D3)).events_held == 2


def test_both_are_headline_kpis_of_the_dashboard_and_the_report(events):
    assert ("events_held", "count") in HEADLINE and ("event_participants", "count") in HEADLINE
    assert {"events_held", "event_participants"} <= set(HEADLINES)


def test_one_number_on_the_dashboard_the_api_and_the_report(events, clock, client):
    clock.at(D3, 18, 5)
    rollup_recent()
    manager = Member.objects.get(handle="manager")
    client.force_login(manager)
    dashboard = client.get(reverse("console:dashboard"), MONTH)
    cards = {card.key: card for card in dashboard.context["cards"]}
    api = ApiClient(manager).get("/insights/kpis", **MONTH).json()
    report = client.get(reverse("console:report"), MONTH).context["report"]
    shown = {h.card.key: h.card for h in report.headlines}
    for key, expected in (("events_held", 2), ("event_participants", 3)):
        assert cards[key].value == api["figures"][key] == shown[key].value == expected, key
        assert api["definitions"][key] == cards[key].definition
    with translation.override("en"):
        text = pdf_text(render_pdf(build_report(Period.month(D3)), community_name="Hiroba"))
    assert "Event participants" in text and "Events held" in text
