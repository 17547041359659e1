"""Values no database column can hold, in cursors and URLs, are a normal answer, never a 500."""

import base64

import pytest

from hiroba.core.pagination import decode_cursor

pytestmark = pytest.mark.django_db


def cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


HOSTILE = [
    cursor("99999999999999999999999"),
    cursor("-5"),
    cursor("2026-01-01T00:00:00+09:00|99999999999999999999"),
    cursor("0001-01-01T00:00:00+05:00|1"),
    cursor("2026-01-01T00:00:00|1"),  # no time zone
    "%%",
]


def test_decode_cursor_refuses_what_no_column_can_hold():
    from datetime import datetime

    assert decode_cursor(cursor("99999999999999999999999"), (int,)) is None
    assert decode_cursor(cursor("0001-01-01T00:00:00+05:00|1"), (datetime, int)) is None
    assert decode_cursor(cursor("2026-01-01T00:00:00|1"), (datetime, int)) is None
    assert decode_cursor(cursor("42"), (int,)) == (42,)


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "path, params",
    [
        ("/", {}),
        ("/search/", {"q": "apple"}),
        ("/search/", {"q": "apple", "kind": "members"}),
        ("/questions/", {"tab": "unanswered"}),
        ("/api/v1/search/posts", {"q": "apple"}),
        ("/api/v1/questions", {}),
    ],
)
def test_hostile_cursors_are_read_as_the_first_page(client, alice, recipes, path, params, value):
    client.force_login(alice)
    response = client.get(path, params | {"cursor": value})
    assert response.status_code == 200


def test_a_sitemap_file_past_any_possible_id_is_404(client):
    assert client.get("/questions/sitemap-99999999999999999999999.xml").status_code == 404


def test_the_audit_log_survives_a_nul_in_the_actor_filter(client, cm):
    client.force_login(cm)
    assert client.get("/moderation/audit/", {"actor": "\x00"}).status_code == 200
