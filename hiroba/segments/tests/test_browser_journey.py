"""A manager builds the done-when segment in a real Chromium: picks Osaka, the latest NPS
round's promoters and light members, watches the live count follow, saves, reads the member list and downloads
the CSV (Japanese intact). No CSP violations or script errors (the page fixture checks).
Set HIROBA_SHOTS=/some/dir to save screenshots.
"""

import csv
import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hiroba.segments.models import Segment
from tests.browser.test_member_journey import log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_builds_counts_and_exports_a_segment(live_server, page, town):
    url = live_server.url
    log_in(page, live_server, town.cm)
    page.goto(url + reverse("console:segments"))
    page.get_by_role("link", name="新しいセグメント").or_(
        page.get_by_role("link", name="New segment")
    ).click()
    page.wait_for_url(url + reverse("console:segment_new"))

    live = page.locator("#segment-live-count")
    expect(live.locator(".kpi-value")).to_have_text("5")  # every member (no staff), no conditions
    page.locator("#id_name").fill("大阪の推奨者")
    page.locator("#id_regions").select_option("27")
    expect(live.locator(".kpi-value")).to_have_text("2")  # alice and dave live in Osaka
    page.locator("#id_nps_survey").select_option("latest")
    page.locator("input[name=nps_categories][value=detractor]").check()
    expect(live.locator(".kpi-value")).to_have_text("0")  # neither gave 0–6
    page.locator("input[name=nps_categories][value=detractor]").uncheck()
    page.locator("input[name=nps_categories][value=promoter]").check()
    expect(live.locator(".kpi-value")).to_have_text("2")
    page.locator("#id_answers_min").fill("2")
    expect(live.locator(".kpi-value")).to_have_text("1")  # dave answered twice
    page.locator("#id_answers_min").fill("")
    expect(live.locator(".kpi-value")).to_have_text("2")
    page.locator("input[name=levels][value=light]").check()
    expect(live.locator(".kpi-value")).to_have_text("1")  # alice is core, dave light
    shoot(page, "segment-builder")

    page.locator("#segment-form button[type=submit]").click()
    page.wait_for_url(
        lambda u: "/console/segments/" in u and u.rstrip("/").split("/")[-1].isdigit()
    )
    segment = Segment.objects.get()
    expect(page.locator("#segment-count")).to_have_text("1")
    expect(page.locator("#segment-members")).to_contain_text("大阪 だいすけ")
    expect(page.locator("#segment-members")).not_to_contain_text("@alice")
    shoot(page, "segment-detail")

    with page.expect_download() as download_info:
        page.locator(f"a[href='{reverse('console:segment_export', args=[segment.pk])}']").click()
    raw = open(download_info.value.path(), encoding="utf-8").read()  # noqa: SIM115
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw[1:])))
    assert [row[2] for row in rows[1:]] == ["大阪 だいすけ"]

    # The list shows each count with the time it was counted (kept for a minute).
    page.goto(url + reverse("console:segments"))
    expect(page.locator(".segment-count")).to_contain_text("1")
    expect(page.locator(".segment-count small")).to_have_text(re.compile(r"\d\d:\d\d"))
    shoot(page, "segment-list")
