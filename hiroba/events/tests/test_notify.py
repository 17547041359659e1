"""What members hear about their events: a notification for each step, e-mailed unless they
turned e-mail off for their own things."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from hiroba.events import notify as notices
from hiroba.events.lifecycle import cancel_event, send_reminders
from hiroba.events.lottery import decline_win, draw_event, expire_unconfirmed_wins
from hiroba.events.models import Application, ApplicationState, Selection
from hiroba.events.services import apply_to_event, cancel_application, update_event
from hiroba.events.tests.helpers import open_event
from hiroba.events.tests.lottery_helpers import close_now, closed_lottery, entrants
from hiroba.notifications.messages import render_message
from hiroba.notifications.models import Notification
from hiroba.notifications.services import save_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run ``call`` and the jobs it queues on commit (notifications, e-mail)."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def verbs_of(member) -> list[str]:
    return list(
        Notification.objects.filter(recipient=member).order_by("id").values_list("verb", flat=True)
    )


def test_first_come_applicants_hear_confirmed_waitlisted_then_promoted(cm, alice, bob, committed):
    event = open_event(cm, capacity=1)
    first = committed(apply_to_event, actor=alice, event=event)
    committed(apply_to_event, actor=bob, event=event)

    assert verbs_of(alice) == [notices.CONFIRMED]
    assert verbs_of(bob) == [notices.WAITLISTED]
    waitlisted = Notification.objects.get(recipient=bob)
    assert waitlisted.params["position"] == 1
    assert "1" in render_message(waitlisted.verb, waitlisted.params, html=False)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "bob@example.com"]

    committed(cancel_application, actor=alice, application=first)

    assert verbs_of(bob) == [notices.WAITLISTED, notices.PROMOTED]
    assert verbs_of(alice) == [notices.CONFIRMED]  # her own cancelling: nothing to hear


def test_lottery_entrants_hear_applied_then_won_or_lost(cm, committed):
    members = entrants(4)
    event = open_event(cm, selection=Selection.LOTTERY, capacity=1)
    for member in members:
        committed(apply_to_event, actor=member, event=event)
    assert all(verbs_of(m) == [notices.APPLIED] for m in members)
    event = close_now(cm, event)
    mail.outbox.clear()

    committed(draw_event, actor=cm, event=event)

    won = Notification.objects.get(verb=notices.WON)
    winner = Application.objects.get(state=ApplicationState.WON)
    assert won.recipient_id == winner.member_id
    assert won.url == f"/events/{event.pk}/draw/"
    assert Notification.objects.filter(verb=notices.LOST).count() == 3
    assert len(mail.outbox) == 4
    with translation.override("en"):
        text = render_message(won.verb, won.params, html=False)
    assert "confirm it by" in text and event.title in text
    assert str(timezone.localtime(winner.confirm_by).year) in text


def test_a_runner_up_hears_of_the_freed_seat_and_a_lapsed_winner_of_the_lapse(cm, committed):
    now = timezone.now()
    event = closed_lottery(
        cm,
        entrants(4),
        capacity=2,
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=10, hours=1),
    )
    committed(draw_event, actor=cm, event=event)
    ranked = list(Application.objects.filter(event=event).order_by("draw_rank"))

    committed(decline_win, actor=ranked[0].member, application=ranked[0])
    assert verbs_of(ranked[2].member) == [notices.LOST, notices.OFFERED]

    later = Application.objects.get(pk=ranked[1].pk).confirm_by + timedelta(seconds=1)
    committed(expire_unconfirmed_wins, now=later)
    assert verbs_of(ranked[1].member)[-1] == notices.WIN_EXPIRED
    assert verbs_of(ranked[3].member)[-1] == notices.OFFERED


def test_members_who_turned_email_off_get_the_notice_without_the_email(cm, alice, committed):
    save_settings(actor=alice, email={"own": False})
    event = open_event(cm)

    committed(apply_to_event, actor=alice, event=event)

    assert verbs_of(alice) == [notices.CONFIRMED]
    assert mail.outbox == []


def test_the_reminder_goes_once_to_the_confirmed_members(cm, alice, bob, charlie, committed):
    event = open_event(cm, capacity=2)
    for member in (alice, bob, charlie):
        committed(apply_to_event, actor=member, event=event)
    far = open_event(
        cm,
        starts_at=timezone.now() + timedelta(days=5),
        ends_at=timezone.now() + timedelta(days=5, hours=1),
    )
    committed(apply_to_event, actor=alice, event=far)
    tomorrow = event.starts_at - timedelta(hours=12)

    assert committed(send_reminders, now=tomorrow) == 1
    assert committed(send_reminders, now=tomorrow + timedelta(minutes=10)) == 0

    reminded = Notification.objects.filter(verb=notices.REMINDER)
    assert sorted(reminded.values_list("recipient_id", flat=True)) == [alice.pk, bob.pk]
    assert {n.subject_id for n in reminded} == {event.pk}
    assert event.__class__.objects.get(pk=event.pk).reminded_at == tomorrow


def test_noteworthy_changes_are_told_to_members_still_expecting_the_event(
    cm, alice, bob, committed
):
    event = open_event(cm, capacity=5)
    committed(apply_to_event, actor=alice, event=event)
    gone = committed(apply_to_event, actor=bob, event=event)
    committed(cancel_application, actor=bob, application=gone)

    # update_event tells them itself: a description tweak is not worth a notice, a venue is.
    committed(update_event, actor=cm, event=event, description="only words")
    assert not Notification.objects.filter(verb=notices.CHANGED).exists()
    committed(update_event, actor=cm, event=event, venue="新しい会場", description="x")
    told = list(
        Notification.objects.filter(verb=notices.CHANGED).values_list("recipient_id", flat=True)
    )

    assert told == [alice.pk]
    notice = Notification.objects.get(verb=notices.CHANGED)
    assert notice.recipient == alice and notice.actor == cm
    with translation.override("en"):
        assert "(venue)" in render_message(notice.verb, notice.params, html=False)
    with translation.override("ja"):
        assert render_message(notice.verb, notice.params, html=False)


def test_a_called_off_event_tells_everyone_who_applied_with_the_reason(
    cm, alice, bob, charlie, committed
):
    event = open_event(cm, capacity=1)
    for member in (alice, bob):
        committed(apply_to_event, actor=member, event=event)
    mail.outbox.clear()

    committed(cancel_event, actor=cm, event=event, reason="台風のため中止します")

    notices_sent = Notification.objects.filter(verb=notices.CANCELLED)
    assert sorted(notices_sent.values_list("recipient_id", flat=True)) == [alice.pk, bob.pk]
    text = render_message(notices.CANCELLED, notices_sent.first().params, html=False)
    assert "台風のため中止します" in text
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(recipient=charlie).exists()
