"""The notification list and the unread count walk their indexes (no sort, no table walk)."""

from django.db.models import Q
from django.utils import timezone

from hiroba.notifications.models import Notification
from hiroba.notifications.selectors import UNREAD_CAP
from hiroba.posts.tests.plan_statistics import fresh_statistics
from hiroba.posts.tests.test_query_plans import assert_walks_index, plan


def test_the_list_walks_the_recipient_index(alice):
    rows = Notification.objects.filter(recipient=alice).select_related("actor").order_by("-id")
    assert_walks_index(rows[:21], "notif_recipient_feed")


def test_the_next_page_walks_it_too(alice):
    rows = Notification.objects.filter(Q(recipient=alice), id__lt=1000).order_by("-id")
    assert_walks_index(rows[:21], "notif_recipient_feed")


def test_the_unread_count_reads_the_partial_index(alice, bob):
    # As on a real site, most rows are read; with statistics that say so, the small partial
    # index wins (on a table of only unread rows the two indexes would tie).
    Notification.objects.bulk_create(
        Notification(
            recipient=member,
            verb="comment",
            url="/",
            event_key=f"k{i}",
            read_at=timezone.now() if i % 100 else None,
        )
        for i in range(2000)
        for member in (alice, bob)
    )
    unread = Notification.objects.filter(recipient=alice, read_at__isnull=True).order_by()
    with fresh_statistics(Notification):
        text = plan(unread.values("id")[: UNREAD_CAP + 1])
    assert "notif_unread" in text, text
