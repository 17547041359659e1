"""The notifications page, opening one, marking all read, the settings page and the badge."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hiroba.notifications.models import Notification, NotificationSettings
from hiroba.notifications.selectors import PAGE_SIZE, UNREAD_CAP
from hiroba.notifications.services import notify
from hiroba.notifications.tests.conftest import SUSPENDED


def client_for(member=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=True)
    if member is not None:
        client.force_login(member)
    return client


def tell(recipient, actor, target, count=1, **extra):
    """Notifications as jobs write them (the test database never commits)."""
    rows = [
        Notification(
            recipient=recipient,
            verb=SUSPENDED,
            actor=actor,
            subject_type="post",
            subject_id=target.pk,
            url=extra.get("url", f"/p/{target.pk}/"),
            params=extra.get("params", {"name": f"Name {i}"}),
            event_key=f"test:{recipient.pk}:{i}:{timezone.now().timestamp()}",
        )
        for i in range(count)
    ]
    return Notification.objects.bulk_create(rows)


def test_visitors_are_sent_to_log_in(db):
    for name in ("list", "settings"):
        response = client_for().get(reverse(f"notifications:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_shows_mine_newest_first_unread_marked(alice, bob, charlie, alice_post):
    tell(alice, bob, alice_post, params={"name": "first"})
    tell(alice, bob, alice_post, params={"name": "second"})
    tell(charlie, bob, alice_post, params={"name": "not for alice"})
    Notification.objects.filter(params__name="first").update(read_at=timezone.now())

    response = client_for(alice).get(reverse("notifications:list"))

    html = response.content.decode()
    assert html.index("second is suspended") < html.index("first is suspended")
    assert "not for alice" not in html
    assert html.count("list-group-item-primary unread") == 1 and html.count("Unread:") == 1
    assert html.index("Unread:") < html.index("second is suspended")


def test_member_text_in_params_is_escaped_on_the_page(alice, bob, alice_post):
    tell(alice, bob, alice_post, params={"name": "<img src=x onerror=alert(1)>"})
    html = client_for(alice).get(reverse("notifications:list")).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt; is suspended" in html


def test_the_list_pages_by_key(alice, bob, alice_post, django_assert_max_num_queries):
    tell(alice, bob, alice_post, count=PAGE_SIZE + 5)
    client = client_for(alice)
    client.get(reverse("notifications:list"))

    # session, member, the page (actors joined), the badge's count
    with django_assert_max_num_queries(4):
        response = client.get(reverse("notifications:list"))
    page = response.context["page"]
    assert len(page.items) == PAGE_SIZE and page.next_cursor
    newest = Notification.objects.filter(recipient=alice).order_by("-id")
    assert [n.pk for n in page.items] == [n.pk for n in newest[:PAGE_SIZE]]

    more = client.get(
        reverse("notifications:list") + f"?cursor={page.next_cursor}", HTTP_HX_REQUEST="true"
    )
    assert [n.pk for n in more.context["page"].items] == [n.pk for n in newest[PAGE_SIZE:]]
    assert more.context["page"].next_cursor is None
    assert "<nav" not in more.content.decode()  # the fragment, not the page


def test_a_broken_cursor_starts_from_the_top(alice, bob, alice_post):
    tell(alice, bob, alice_post, count=3)
    response = client_for(alice).get(reverse("notifications:list") + "?cursor=%00!!")
    assert response.status_code == 200 and len(response.context["page"].items) == 3


def test_opening_one_marks_it_read_and_goes_there(alice, bob, alice_post):
    (row,) = tell(alice, bob, alice_post, url="/p/1/#comment-2")
    response = client_for(alice).get(reverse("notifications:open", args=[row.pk]))
    assert response.status_code == 302 and response["Location"] == "/p/1/#comment-2"
    row.refresh_from_db()
    first_read = row.read_at
    assert first_read is not None

    client_for(alice).get(reverse("notifications:open", args=[row.pk]))
    row.refresh_from_db()
    assert row.read_at == first_read


def test_someone_elses_notification_is_the_same_404(alice, bob, alice_post):
    (row,) = tell(bob, alice, alice_post)
    client = client_for(alice)
    theirs = client.get(reverse("notifications:open", args=[row.pk]))
    missing = client.get(reverse("notifications:open", args=[row.pk + 1000]))
    assert theirs.status_code == missing.status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_a_stored_url_off_the_site_is_not_followed(alice, bob, alice_post, url):
    (row,) = tell(alice, bob, alice_post, url=url)
    response = client_for(alice).get(reverse("notifications:open", args=[row.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")


def test_notify_refuses_those_urls_up_front(alice, bob, alice_post):
    with pytest.raises(ValueError):
        notify(
            recipients=[bob],
            verb=SUSPENDED,
            actor=alice,
            target=alice_post,
            url="https://evil.example/",
        )


def test_mark_all_read_marks_only_mine(alice, bob, alice_post):
    tell(alice, bob, alice_post, count=3)
    tell(bob, alice, alice_post, count=2)
    client = client_for(alice)

    assert client.get(reverse("notifications:read_all")).status_code == 405
    response = client.post(reverse("notifications:read_all"))

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=bob, read_at__isnull=True).count() == 2


def test_the_badge_shows_the_unread_count(alice, bob, alice_post):
    client = client_for(alice)
    html = client.get(reverse("notifications:list")).content.decode()
    assert 'id="unread-badge"' not in html and 'aria-label="Notifications"' in html

    tell(alice, bob, alice_post, count=3)
    html = client.get(reverse("home")).content.decode()
    assert 'id="unread-badge" aria-hidden="true">3<' in html
    assert 'aria-label="Notifications, 3 unread"' in html


def test_the_badge_stops_counting_at_the_cap(alice, bob, alice_post):
    tell(alice, bob, alice_post, count=UNREAD_CAP + 20)
    html = client_for(alice).get(reverse("home")).content.decode()
    assert f">{UNREAD_CAP}+<" in html


def test_the_badge_costs_one_query_and_visitors_none(
    alice, bob, alice_post, django_assert_num_queries
):
    from django.template import Context, Template
    from django.test import RequestFactory

    tell(alice, bob, alice_post, count=2)
    template = Template(
        "{% load notification_badge %}{% unread_notifications as u %}"
        "{% unread_notifications as again %}{{ u.text }}{{ again.text }}"
    )
    request = RequestFactory().get("/")
    request.user = alice
    with django_assert_num_queries(1):
        assert template.render(Context({"request": request})) == "22"

    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert template.render(Context({"request": request})) == ""


def test_anonymous_pages_have_no_bell(db):
    html = client_for().get(reverse("home")).content.decode()
    assert "notification-bell" not in html


def test_settings_start_from_the_defaults_and_save(alice):
    client = client_for(alice)
    response = client.get(reverse("notifications:settings"))
    form = response.context["form"]
    assert form.initial == {"own": True, "following": False}
    assert not NotificationSettings.objects.exists()

    response = client.post(
        reverse("notifications:settings"), {"following": "on", "account": "on", "x": "on"}
    )

    assert response.status_code == 302
    saved = NotificationSettings.objects.get(member=alice)
    assert saved.email == {"own": False, "following": True}
    form = client.get(reverse("notifications:settings")).context["form"]
    assert form.initial == {"own": False, "following": True}


def test_the_list_links_to_the_settings(alice):
    html = client_for(alice).get(reverse("notifications:list")).content.decode()
    assert reverse("notifications:settings") in html
