"""The KPI dashboard page: who may open it, what it shows, its queries, its CSV files."""

import csv
import io

import pytest
from django.urls import reverse

from conftest import make_member
from hiroba.accounts.models import Role
from hiroba.audit.models import AuditAction, AuditEntry

from .conftest import D0, D1, D2, D3

URL = "/console/dashboard/"
CUSTOM = {"period": "custom", "day": D1.isoformat(), "end": D3.isoformat()}


@pytest.fixture
def rolled(community):
    from hiroba.insights.rollup import rollup_days

    rollup_days(D0, D3)
    return community


@pytest.fixture
def manager_client(client, db):
    client.force_login(make_member("boss", Role.MANAGER))
    return client


def test_the_url_is_named():
    assert reverse("console:dashboard") == URL


@pytest.mark.parametrize("role", [Role.MEMBER, Role.MODERATOR])
def test_members_and_moderators_get_403(client, db, role):
    client.force_login(make_member("someone", role))
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"csv": "headline"}).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.KPI_EXPORT).exists()


def test_logged_out_goes_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_editors_see_figures_with_definitions_and_the_previous_period(
    rolled, client, django_assert_max_num_queries
):
    client.force_login(make_member("writer", Role.EDITOR))
    # Session and user (2), then per period (this one and the previous): the rollups' stamp,
    # the figures the job kept (none here), the rollups, the sets, the ideas (2), the NPS rounds
    # (2); the daily series (1); the NPS trend (2); the spaces: stamp, kept figures, sums, sets,
    # names (5); the site's frame: the unread notifications, the visit row and its health score
    # upsert, the session's save in a savepoint (6). The same for any period length.
    with django_assert_max_num_queries(32):
        response = client.get(URL, {**CUSTOM, "day": D2.isoformat()})
    assert response.status_code == 200
    cards = {card.key: card for card in response.context["cards"]}
    # D2..D3 against D0..D1: posts 4 against D1's 3.
    assert (cards["posts"].shown, cards["posts"].previous_shown) == ("4", "3")
    assert (cards["posts"].change, cards["posts"].direction) == ("+33.3%", "up")
    assert (cards["nps"].shown, cards["nps"].previous_shown) == ("+33.3", "—")
    # bob's one session after midnight: 5 minutes, written in the page's language.
    assert cards["stay_average_seconds"].value == 300
    assert cards["stay_average_seconds"].shown in ("5 min", "5分")
    html = response.content.decode()
    # Every number has its definition beside it (here: connections).
    assert "Distinct pairs of members" in html or "組" in html
    assert 'id="kpi-charts"' in html
    assert "レシピ" in html
    # Daily points of the charts.
    charts = response.context["charts"]
    assert charts["content"]["labels"] == ["2026-03-03", "2026-03-04"]
    assert charts["content"]["datasets"][0]["data"] == [2, 2]


def test_a_second_view_reads_the_cached_figures(
    rolled, manager_client, django_assert_max_num_queries
):
    manager_client.get(URL, CUSTOM)
    # The session and the viewer, the two periods' rollup stamps and the space breakdown's,
    # the daily series; then what is read live so that it equals its own app's pages: the
    # ideas of both periods (2 each) and the NPS series once (the ended period's from cache
    # after the stamp of its rounds).
    with django_assert_max_num_queries(14):
        assert manager_client.get(URL, CUSTOM).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"period": "custom", "day": "2026-03-04", "end": "2026-03-01"},
        {"period": "custom", "day": "2026-03-01"},
        {"period": "month", "day": "2026-02-30"},
        {"period": "year"},
        {"period": "custom", "day": "2020-01-01", "end": "2026-01-01"},
    ],
)
def test_bad_periods_are_form_errors(manager_client, params):
    response = manager_client.get(URL, params)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert "cards" not in response.context
    assert manager_client.get(URL, {**params, "csv": "headline"}).status_code == 404


def test_the_default_is_this_month(manager_client):
    response = manager_client.get(URL)
    assert response.status_code == 200
    assert response.context["period"].kind == "month"


def _csv_rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_csv_of_each_chart_is_audited_and_keeps_japanese(rolled, manager_client):
    response = manager_client.get(URL, {**CUSTOM, "csv": "spaces"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "kpi-spaces-20260302-20260304.csv" in response["Content-Disposition"]
    rows = {row[0]: row for row in _csv_rows(response)[1:]}
    assert rows["レシピ"][1:4] == ["4", "2", "2"]  # active members, posters, posts
    entry = AuditEntry.objects.get(action=AuditAction.KPI_EXPORT)
    assert entry.data == {"chart": "spaces", "start": "2026-03-02", "end": "2026-03-04"}

    content = _csv_rows(manager_client.get(URL, {**CUSTOM, "csv": "content"}))
    assert content[1:] == [
        ["2026-03-02", "3", "3", "2"],
        ["2026-03-03", "2", "2", "1"],
        ["2026-03-04", "2", "2", "0"],
    ]
    headline = {
        row[0]: row for row in _csv_rows(manager_client.get(URL, {**CUSTOM, "csv": "headline"}))
    }
    assert len(headline) == 30  # the header and 29 figures (27, then the two of events)
    nps = _csv_rows(manager_client.get(URL, {**CUSTOM, "csv": "nps"}))
    assert nps[1] == ["2026年春 NPS", "2026-03-04", "33.3", "3"]
    assert AuditEntry.objects.filter(action=AuditAction.KPI_EXPORT).count() == 4
    assert manager_client.get(URL, {**CUSTOM, "csv": "nope"}).status_code == 404


def test_csv_cells_cannot_run_as_formulas(rolled, manager_client):
    from hiroba.community.services import update_space

    cm = make_member("owner", Role.MANAGER)
    update_space(actor=cm, space=rolled.recipes, name="=HYPERLINK(1)")
    rows = _csv_rows(manager_client.get(URL, {**CUSTOM, "csv": "spaces"}))
    assert "'=HYPERLINK(1)" in [row[0] for row in rows]
