"""The issue's acceptance test, from the pages alone, in a real Chromium against the live server:
a manager creates a lottery event for a saved segment (members in Osaka), three of its members
apply while a member outside it sees neither the event nor its page, the manager draws, a winner
confirms and is checked in on a phone, the attendees' survey is built, answered, a photo report
is posted, and the console shows the funnel and the KPI.

The members, the segment and a space are set up through the services. Where the real world would
wait (applications closing, the event day arriving, the event ending) the test moves the event's
times in the database and runs the lifecycle job the scheduler would run; everything a person
does is clicks and typing. Every page is watched for CSP violations and script errors (the page
fixture), Japanese is the language of every browser. Set HIROBA_SHOTS=/some/dir to save
screenshots.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_member
from hiroba.accounts.services import update_profile
from hiroba.community.services import create_space
from hiroba.events import after, lifecycle
from hiroba.events.models import Application, ApplicationState, Event, EventStatus
from hiroba.insights.rollup import rollup_day
from hiroba.segments.services import create_segment
from hiroba.surveys.models import Survey
from tests.browser.fixtures import DESKTOP, PHONE, _new_page
from tests.browser.test_member_journey import (
    assert_no_horizontal_overflow,
    log_in,
    shoot,
    wait_for_images,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OSAKA, TOKYO = "27", "13"
TITLE = "大阪ボードゲームの夕べ"


def _local(moment) -> str:
    """A datetime-local input's value, in the community's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def people():
    manager = make_member("manager", role="manager", display_name="森 さくら")
    osaka = [
        make_member("hanako", display_name="大阪 花子"),
        make_member("taro", display_name="難波 太郎"),
        make_member("jiro", display_name="天満 次郎"),
    ]
    tokyo = make_member("kenji", display_name="東京 健二")
    for member in osaka:
        update_profile(actor=member, member=member, region=OSAKA)
    update_profile(actor=tokyo, member=tokyo, region=TOKYO)
    segment = create_segment(
        actor=manager, name="大阪の会員", rules=[{"type": "region", "regions": [OSAKA]}]
    )
    lounge = create_space(
        actor=manager, slug="lounge", name="ラウンジ", description="なんでも話せる広場"
    )
    return {
        "manager": manager,
        "osaka": osaka,
        "tokyo": tokyo,
        "segment": segment,
        "lounge": lounge,
    }


@pytest.fixture
def open_page(browser, page_problems):
    """More browsers (one per person), watched like the page fixture's; closed at the end."""
    contexts = []

    def open_(viewport=DESKTOP, **options):
        context, new = _new_page(browser, page_problems, viewport=viewport, **options)
        contexts.append(context)
        return new

    yield open_
    for context in contexts:
        context.close()


def _move(event: Event, **times) -> None:
    """The test's clock: the real world would wait for these moments to come."""
    Event.objects.filter(pk=event.pk).update(**times)


def test_a_lottery_event_for_a_segment_from_the_pages_alone(
    live_server, page, open_page, people, jpeg_file
):
    url = live_server.url
    manager, segment = people["manager"], people["segment"]
    now = timezone.now()
    page.on("dialog", lambda dialog: dialog.accept())

    # --- 1. The manager creates a lottery event for the segment and publishes it --------------
    log_in(page, live_server, manager)
    page.goto(url + reverse("console:events"))
    page.locator(f"main a[href='{reverse('console:event_new')}']").click()
    page.wait_for_url(url + reverse("console:event_new"))
    form = page.locator("#event-form")
    form.locator("#id_title").fill(TITLE)
    form.locator("#id_description").fill("初心者歓迎。**カタン**と**ドミニオン**で遊びます。")
    form.locator("#id_format").select_option("offline")
    form.locator("#id_venue").fill("梅田コミュニティルーム")
    form.locator("#id_address").fill("大阪市北区梅田1-1")
    starts = now + timedelta(days=10)
    form.locator("#id_starts_at").fill(_local(starts))
    form.locator("#id_ends_at").fill(_local(starts + timedelta(hours=3)))
    form.locator("#id_applications_open_at").fill(_local(now - timedelta(hours=1)))
    form.locator("#id_applications_close_at").fill(_local(now + timedelta(days=5)))
    form.locator("#id_capacity").fill("2")  # three members apply for two seats
    form.locator("#id_selection").select_option("lottery")
    form.locator("#id_audience_segment_id").select_option(label="大阪の会員")
    shoot(page, "journey-01-event-form")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/console/events/\d+/$"))
    event = Event.objects.get()
    assert (event.selection, event.audience_segment_id, event.capacity) == (
        "lottery",
        segment.pk,
        2,
    )
    assert event.status == EventStatus.DRAFT
    page.locator(
        f"form[action='{reverse('console:event_publish', args=[event.pk])}'] button"
    ).click()
    page.wait_for_url(url + reverse("console:event", args=[event.pk]))
    expect(page.locator(".alert-success")).to_be_visible()
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    expect(page.locator("header .event-segment")).to_contain_text("大阪の会員")
    shoot(page, "journey-01-console-event-published")

    # --- 2. Three members of the segment apply; a member outside it sees nothing --------------
    event_url = url + reverse("events:detail", args=[event.pk])
    members = {}
    for member in people["osaka"]:
        member_page = open_page()
        log_in(member_page, live_server, member)
        member_page.on("dialog", lambda dialog: dialog.accept())
        member_page.goto(url + reverse("events:list"))
        member_page.get_by_role("link", name=TITLE).first.click()
        member_page.wait_for_url(event_url)
        expect(member_page.locator("#event-title")).to_have_text(TITLE)
        # The lead folds the events' strings into the catalogue at merge: either language.
        expect(member_page.locator(".application-window")).to_contain_text(
            re.compile("抽選|drawn by lottery")
        )
        member_page.locator(".apply-form button[type=submit]").click()
        member_page.wait_for_url(event_url)
        expect(member_page.locator(".my-application")).to_be_visible()
        members[member.handle] = member_page
    shoot(members["hanako"], "journey-02-event-page-applied")
    assert Application.objects.filter(event=event, state=ApplicationState.APPLIED).count() == 3

    outsider = open_page()
    log_in(outsider, live_server, people["tokyo"])
    outsider.goto(url + reverse("events:list"))
    expect(outsider.locator("main")).not_to_contain_text(TITLE)
    outsider.goto(url + reverse("home"))
    expect(outsider.locator("main")).not_to_contain_text(TITLE)
    members["hanako"].goto(url + reverse("home"))
    expect(members["hanako"].locator("#home-events")).to_contain_text(TITLE)
    month = url + reverse("events:calendar") + f"?month={timezone.localtime(starts):%Y-%m}"
    outsider.goto(month)
    expect(outsider.locator("main")).not_to_contain_text(TITLE)
    members["hanako"].goto(month)
    expect(members["hanako"].locator("main")).to_contain_text(TITLE)
    for name in ("events:ics", "events:draw", "events:ticket", "events:report_new"):
        assert outsider.goto(url + reverse(name, args=[event.pk])).status == 404, name
    response = outsider.goto(event_url)
    assert response.status == 404
    expect(outsider.locator("main")).not_to_contain_text(TITLE)
    shoot(outsider, "journey-02-outsider-404")

    # --- 3. Applications close; the manager draws from the event page ------------------------
    # The real world waits five days; the lifecycle job then closes the applications.
    _move(event, applications_close_at=timezone.now() - timedelta(minutes=1))
    assert lifecycle.close_applications() == 1
    page.goto(url + reverse("console:events"))
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(url + reverse("console:event", args=[event.pk]))
    page.locator(".event-page-link").click()
    page.wait_for_url(event_url)
    page.locator(".event-staff .run-draw").click()  # a confirm dialog, accepted above
    page.wait_for_url(url + reverse("events:draw", args=[event.pk]))
    expect(page.locator(".alert-success")).to_be_visible()
    draw = Event.objects.get(pk=event.pk).draw
    values = page.locator("#draw-values")
    expect(values).to_contain_text(draw.seed)
    expect(values).to_contain_text(draw.entrants_hash)
    expect(page.locator("#draw-order tbody tr")).to_have_count(3)
    shoot(page, "journey-03-draw")

    assert outsider.goto(url + reverse("events:draw", args=[event.pk])).status == 404

    # The draw is random: the test reads who won, and then each member sees it on the pages.
    winners = list(
        Application.objects.filter(event=event, state=ApplicationState.WON)
        .select_related("member")
        .order_by("draw_rank")
    )
    assert len(winners) == 2
    assert Application.objects.filter(event=event, state=ApplicationState.LOST).count() == 1

    # --- 4. The members learn the result; a winner confirms and reads the ticket's code ------
    loser = Application.objects.get(event=event, state=ApplicationState.LOST).member
    members[loser.handle].goto(event_url)
    badge = members[loser.handle].locator(".my-application")
    expect(badge).to_contain_text(re.compile("落選|Not selected"))
    expect(badge.locator(".confirm-win")).to_have_count(0)

    winner = winners[0].member
    winner_page = members[winner.handle]
    winner_page.goto(url + reverse("home"))
    winner_page.locator(".navbar .notification-bell").click()
    winner_page.wait_for_url(url + reverse("notifications:list"))
    shoot(winner_page, "journey-04-notifications")
    winner_page.locator("a.notification", has_text=TITLE).first.click()
    # The notice of the win opens the draw's page, with the winner's result and its buttons.
    winner_page.wait_for_url(url + reverse("events:draw", args=[event.pk]))
    mine = winner_page.locator("#my-result")
    expect(mine).to_be_visible()
    shoot(winner_page, "journey-04-draw-page-winner")
    mine.locator(
        f"form[action='{reverse('events:confirm_win', args=[winners[0].pk])}'] button"
    ).click()
    expect(winner_page.locator(".alert-success").first).to_be_visible()
    assert Application.objects.get(event=event, member=winner).state == ApplicationState.CONFIRMED
    winner_page.locator("#my-result .ticket-link").click()
    winner_page.wait_for_url(url + reverse("events:ticket", args=[event.pk]))
    code = winner_page.locator("#ticket-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code), code
    shoot(winner_page, "journey-04-ticket")

    # The other winner confirms from the event page, and finds the way back to it.
    other = members[winners[1].member.handle]
    other.goto(event_url)
    other.locator(".my-application .confirm-win").click()
    expect(other.locator(".alert-success").first).to_be_visible()
    other.locator(".event-link").click()
    other.wait_for_url(event_url)
    expect(other.locator(".my-application .ticket-link")).to_be_visible()
    assert Application.objects.get(pk=winners[1].pk).state == ApplicationState.CONFIRMED

    # --- 5. The event day: the manager checks the winner in on a phone -----------------------
    # Nine days pass: the event is tomorrow, and the reminders job tells the two who confirmed.
    tomorrow = timezone.now() + timedelta(hours=20)
    _move(event, starts_at=tomorrow, ends_at=tomorrow + timedelta(hours=3))
    assert lifecycle.send_reminders() == 1
    # The next day the event has started; the winner follows the reminder on their phone to
    # the event's page and opens the ticket at the door.
    starts = timezone.now() - timedelta(minutes=10)
    _move(event, starts_at=starts, ends_at=starts + timedelta(hours=3))
    winner_phone = open_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(winner_phone, live_server, winner)
    winner_phone.goto(url + reverse("home"))
    winner_phone.locator(".navbar .notification-bell").click()
    winner_phone.wait_for_url(url + reverse("notifications:list"))
    assert_no_horizontal_overflow(winner_phone)
    reminder = winner_phone.locator("a.notification").first  # the newest: the reminder
    expect(reminder).to_contain_text(TITLE)
    expect(reminder).to_have_class(re.compile("unread"))
    reminder.click()
    winner_phone.wait_for_url(event_url)
    winner_phone.locator(".my-application .ticket-link").click()
    winner_phone.wait_for_url(url + reverse("events:ticket", args=[event.pk]))
    expect(winner_phone.locator("#ticket-code")).to_have_text(code)
    expect(winner_phone.locator(".ticket-qr-box svg")).to_be_visible()
    assert_no_horizontal_overflow(winner_phone)
    shoot(winner_phone, "journey-05-ticket-phone")
    winner_phone.goto(event_url)
    winner_phone.locator(".draw-link").click()
    winner_phone.wait_for_url(url + reverse("events:draw", args=[event.pk]))
    expect(winner_phone.locator("#draw-values")).to_contain_text(draw.seed)
    assert_no_horizontal_overflow(winner_phone)
    shoot(winner_phone, "journey-05-draw-phone")

    phone = open_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    log_in(phone, live_server, manager)
    phone.goto(event_url)
    assert_no_horizontal_overflow(phone)
    shoot(phone, "journey-05-event-page-phone")
    phone.locator(".checkin-link").click()
    phone.wait_for_url(url + reverse("events:checkin", args=[event.pk]))
    phone.locator("#checkin-code").fill(code.lower())  # typed as read, in lower case
    phone.locator("#checkin-form button[type=submit]").click()
    expect(phone.locator("#checkin-count")).to_have_text("1")
    expect(phone.locator(".checkin-count-total")).to_contain_text("2")  # both winners confirmed
    expect(phone.locator("#checkin-recent")).to_contain_text(winner.display_name)
    expect(phone.locator("#checkin-sync")).to_have_class(re.compile("text-success"))
    assert_no_horizontal_overflow(phone)
    shoot(phone, "journey-05-checkin-phone")
    assert Application.objects.get(event=event, member=winner).state == ApplicationState.ATTENDED
    winner_phone.goto(event_url)
    winner_phone.locator(".my-application .ticket-link").click()
    expect(winner_phone.locator(".ticket .badge.text-bg-success")).to_be_visible()

    # --- 6. The event ends; the attendees' survey; the attendee answers and reports ----------
    _move(
        event, starts_at=starts - timedelta(hours=3), ends_at=timezone.now() - timedelta(minutes=1)
    )
    assert lifecycle.mark_held() == 1  # the job the scheduler runs

    page.goto(url + reverse("console:event", args=[event.pk]))
    page.locator("#nav").get_by_role("button", name=re.compile("^(管理|Manage)$")).click()
    page.locator(f"#nav a[href='{reverse('surveys:manage_list')}']").click()
    page.wait_for_url(url + reverse("surveys:manage_list"))
    page.locator(f"main a[href='{reverse('surveys:manage_new')}']").click()
    page.wait_for_url(url + reverse("surveys:manage_new"))
    page.locator("#id_title").fill("ボードゲームの夕べ ご感想")
    page.locator("input[name=audience_kind][value=event_attended]").check()
    page.locator("#id_audience_target").select_option(label=TITLE)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/surveys/manage/\d+/$"))
    survey = Survey.objects.get()
    add = page.locator("#add-question form")
    add.locator("select[name=new-kind]").select_option("scale")
    add.locator("input[name=new-text]").fill("今回のイベントの満足度は?")
    add.locator("input[name=new-required]").check()
    add.locator("button[type=submit]").click()
    expect(page.locator(".survey-question-list")).to_contain_text("満足度")
    page.locator(f"form[action='{reverse('surveys:publish', args=[survey.pk])}'] button").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    survey.refresh_from_db()
    assert survey.status == "published"
    shoot(page, "journey-06-survey-builder")

    outsider.goto(url + reverse("surveys:list"))
    expect(outsider.locator("main")).not_to_contain_text("ご感想")
    assert outsider.goto(url + reverse("surveys:detail", args=[survey.pk])).status == 404

    # The invitations job (schedules_after.py) tells the attendees; the attendee follows it.
    assert after.invite_due_attendees() == 1
    winner_page.goto(url + reverse("home"))
    winner_page.locator(".navbar .notification-bell").click()
    winner_page.wait_for_url(url + reverse("notifications:list"))
    shoot(winner_page, "journey-06-notifications")
    winner_page.locator("a.notification", has_text="ボードゲームの夕べ ご感想").click()
    winner_page.wait_for_url(url + reverse("surveys:detail", args=[survey.pk]))
    question = survey.questions.get()
    winner_page.locator(f"label[for=q{question.pk}_5]").click()
    winner_page.locator("button[type=submit].btn-lg").click()
    expect(winner_page.locator(".alert-success").first).to_be_visible()
    shoot(winner_page, "journey-06-survey-answered")

    winner_page.goto(event_url)
    winner_page.locator(f"a[href='{reverse('events:report_new', args=[event.pk])}']").click()
    winner_page.wait_for_url(url + reverse("events:report_new", args=[event.pk]))
    report = winner_page.locator("main form")
    report.locator("#id_space").select_option("lounge")
    report.locator("#id_title").fill("カタンで初勝利")
    report.locator("#id_body").fill("楽しい夜でした。また参加します!")
    report.locator("#id_photos").set_input_files(str(jpeg_file("catan.jpg")))
    report.locator("button[type=submit]").click()
    winner_page.wait_for_url(re.compile(r"/p/\d+/$"))
    winner_page.goto(event_url)
    reports = winner_page.locator("#event-reports-heading").locator("xpath=../..")
    expect(reports).to_contain_text("カタンで初勝利")
    wait_for_images(winner_page, ".event-main img")
    shoot(winner_page, "journey-06-event-page-report")
    # The report is the member's post in a public space: anyone reads it, but its card does
    # not name an event that is only for a segment to those outside it.
    outsider.goto(url + reverse("posts:space", args=["lounge"]))
    expect(outsider.locator("main")).to_contain_text("カタンで初勝利")
    expect(outsider.locator("main")).not_to_contain_text(TITLE)
    members["hanako"].goto(url + reverse("posts:space", args=["lounge"]))
    expect(members["hanako"].locator("main")).to_contain_text("カタンで初勝利")

    # --- 7. The console: the event's funnel and the dashboard's KPI --------------------------
    page.goto(url + reverse("console:events"))
    shoot(page, "journey-07-console-events")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(url + reverse("console:event", args=[event.pk]))
    funnel = page.locator("#event-funnel")

    def stage(key):
        return funnel.locator(f"[data-stage={key}] .kpi-value")

    expect(stage("applications")).to_have_text("3")
    expect(stage("selected")).to_have_text("2")  # both winners; one came
    expect(stage("attended")).to_have_text("1")
    expect(stage("survey_answers")).to_have_text("1")
    shoot(page, "journey-07-console-funnel")

    # The hourly rollup job: today's figures, as the dashboard reads them.
    rollup_day(timezone.localdate(), levels=True)
    page.goto(url + reverse("console:dashboard"))
    expect(page.locator('[data-kpi="event_participants"] .kpi-value')).to_have_text("1")
    expect(page.locator('[data-kpi="events_held"] .kpi-value')).to_have_text("1")
    shoot(page, "journey-07-dashboard")

    # The executive report of this month (so far) counts them too.
    page.locator(f"main a[href='{reverse('console:report')}']").first.click()  # its tab
    page.wait_for_url(re.compile(r"/console/report/"))
    # The report opens on the last complete month; the manager picks this one.
    page.locator(".report-controls select[name=period]").select_option("month")
    page.locator(".report-controls input[name=day]").fill(timezone.localdate().isoformat())
    page.locator(".report-controls button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"period=month"))
    report = page.locator(".report-headlines")
    expect(report.locator('[data-kpi="event_participants"] .kpi-value')).to_have_text("1")
    expect(report.locator('[data-kpi="events_held"] .kpi-value')).to_have_text("1")
    shoot(page, "journey-07-report")
