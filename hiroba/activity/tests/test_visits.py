import time

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hiroba.activity.models import Activity, Verb
from hiroba.activity.services import SESSION_LAST_VISIT, VISIT_INTERVAL


def _visits(member):
    return Activity.objects.filter(verb=Verb.VISIT, actor=member)


def test_a_page_view_records_one_visit_with_its_session(client, alice, recipes):
    client.force_login(alice)
    assert _visits(alice).count() == 0
    client.get("/")
    visit = _visits(alice).get()
    assert visit.data["path"] == "/"
    assert visit.data["session"] == client.session.session_key[:12]


def test_pages_within_the_interval_record_nothing_and_skip_the_visit_cache(
    client, alice, recipes, database_cache
):
    """On the embedded default the cache is a table: a per-page cache.add was a write per page."""
    client.force_login(alice)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            client.get("/s/recipes/")
    statements = [q["sql"] for q in queries]
    assert [s for s in statements if s.split()[0] in {"BEGIN", "INSERT", "UPDATE", "DELETE"}] == []
    # (With Redis settings the session itself lives in the cache: only the visit key matters.)
    assert [s for s in statements if ":visit:" in s] == []
    assert _visits(alice).count() == 1


def test_after_the_interval_the_next_page_counts_again(client, alice, recipes):
    client.force_login(alice)
    client.get("/")
    session = client.session
    session[SESSION_LAST_VISIT] = time.time() - VISIT_INTERVAL.total_seconds() - 1
    session.save()
    cache.delete(f"visit:{alice.pk}")
    client.get("/s/recipes/")
    assert list(_visits(alice).order_by("id").values_list("data__path", flat=True)) == [
        "/",
        "/s/recipes/",
    ]


def test_a_second_device_does_not_double_count(client, alice, recipes):
    from django.test import Client

    phone = Client()
    client.force_login(alice)
    phone.force_login(alice)
    client.get("/")
    phone.get("/")
    assert _visits(alice).count() == 1


def test_api_calls_htmx_and_anonymous_views_are_not_visits(client, alice, recipes):
    client.get("/")
    assert not Activity.objects.filter(verb=Verb.VISIT).exists()
    client.force_login(alice)
    client.get("/api/v1/posts")
    client.get("/", HTTP_HX_REQUEST="true")
    assert _visits(alice).count() == 0
