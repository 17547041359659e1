"""The KPI dashboard in a real Chromium: the charts draw under the CSP, the phone layout holds.

Set HIROBA_SHOTS=/some/dir to save screenshots (desktop and phone).
"""

import pytest
from playwright.sync_api import expect

from conftest import make_member
from hiroba.accounts.models import Role
from hiroba.insights.rollup import rollup_days
from tests.browser.test_member_journey import assert_no_horizontal_overflow, log_in, shoot

from .conftest import D0, D1, D3

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_draws_its_charts_on_desktop_and_phone(
    community,
    monkeypatch,
    live_server,
    page,
    phone_page,
):
    rollup_days(D0, D3)
    monkeypatch.undo()  # back to the real clock for the sessions of the browser
    boss = make_member("boss", Role.MANAGER)
    url = f"{live_server.url}/console/dashboard/?period=custom&day={D1}&end={D3}"

    log_in(page, live_server, boss)
    page.goto(url)
    page.wait_for_function("() => window.Chart && window.Chart.getChart('chart-content')")
    expect(page.locator('[data-kpi="posts"] .kpi-value')).to_have_text("7")
    expect(page.locator("#kpi-spaces")).to_contain_text("レシピ")
    # How fresh the figures of the activity log are: the rollup ran on D3 at 18:00.
    expect(page.locator("#kpi-as-of")).to_contain_text(
        "2026/03/04 18:00"
    )  # the Japanese page writes 年/月/日
    shoot(page, "kpi-dashboard-desktop")

    page.goto(f"{live_server.url}/console/dashboard/?period=custom&day={D3}&end={D1}")
    expect(page.locator(".invalid-feedback")).to_be_visible()

    log_in(phone_page, live_server, boss)
    phone_page.goto(url)
    phone_page.wait_for_function("() => window.Chart && window.Chart.getChart('chart-activity')")
    assert_no_horizontal_overflow(phone_page)
    shoot(phone_page, "kpi-dashboard-phone")
