"""Every answer of the API is JSON, says what the client can do next, and writes dates as RFC 3339:
bodies Django will not read (too many files or fields, too large, malformed), 401 with its
WWW-Authenticate challenge, 429 with Retry-After."""

import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hiroba.api.tests.conftest import assert_error
from hiroba.community import api as community_api
from hiroba.core.api.renderer import HirobaJSONEncoder
from hiroba.posts.models import Comment, Post
from hiroba.posts.services import publish_post

# RFC 3339 date-time: the offset is Z or ±hh:mm.
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def _files(count: int) -> list:
    return [SimpleUploadedFile(f"p{i}.jpg", b"x", content_type="image/jpeg") for i in range(count)]


def test_more_files_than_allowed_is_a_json_400(api, alice, recipes, settings):
    over = settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1
    response = api(alice).post_multipart(
        "/posts", {"space": "recipes", "body": "x", "photos": _files(over)}
    )
    body = assert_error(response, 400, "too_many_files")
    assert str(settings.DATA_UPLOAD_MAX_NUMBER_FILES) in body["message"]
    assert Post.objects.count() == 0


def test_too_many_files_in_a_browser_session_is_json_too(alice, recipes, settings):
    """With a session, the CSRF check reads the form first: that read must answer JSON too."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    over = settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1
    response = client.post(
        "/api/v1/posts", {"space": "recipes", "body": "x", "photos": _files(over)}
    )
    assert_error(response, 400, "too_many_files")


def test_too_many_fields_is_a_json_400(api, alice, recipes, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    fields = {"space": "recipes", "body": "x"} | {f"extra{i}": "y" for i in range(10)}
    assert_error(api(alice).post_multipart("/posts", fields), 400, "too_many_fields")


def test_a_body_past_the_size_limit_is_a_json_413(api, alice, recipes, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    post = publish_post(actor=alice, space=recipes, body="hello")
    response = api(alice).post(f"/posts/{post.pk}/comments", {"body": "あ" * 2000})
    assert_error(response, 413, "too_large")
    assert Comment.objects.count() == 0


def test_a_malformed_multipart_body_is_a_json_400(api, alice, recipes):
    client = api(alice)
    response = client.client.post(
        "/api/v1/posts",
        b"--nothing here",
        content_type="multipart/form-data; boundary=",
        **client.headers,
    )
    assert_error(response, 400, "bad_request")


def test_401_answers_carry_the_bearer_challenge(api, alice, recipes):
    post = publish_post(actor=alice, space=recipes, body="hello")
    response = api().post(f"/posts/{post.pk}/comments", {"body": "x"})
    assert_error(response, 401, "login_required")
    assert response["WWW-Authenticate"] == 'Bearer realm="Hiroba API"'

    client = api()
    client.headers["HTTP_AUTHORIZATION"] = "Bearer not-a-token"
    response = client.get("/members/me")
    assert_error(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"] == 'Bearer realm="Hiroba API", error="invalid_token"'


def test_other_errors_carry_no_challenge(api, alice):
    response = api(alice).get("/posts/12345")
    assert_error(response, 404)
    assert "WWW-Authenticate" not in response


def test_429_answers_say_when_to_try_again(api, alice, recipes, settings):
    settings.HIROBA_RATE_COMMENT = "1/60"
    post = publish_post(actor=alice, space=recipes, body="hello")
    client = api(alice)
    assert client.post(f"/posts/{post.pk}/comments", {"body": "one"}).status_code == 201
    response = client.post(f"/posts/{post.pk}/comments", {"body": "two"})
    assert_error(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 60


def test_a_page_refusing_for_the_rate_says_when_to_try_again_too(client, alice, recipes, settings):
    settings.HIROBA_RATE_COMMENT = "1/60"
    post = publish_post(actor=alice, space=recipes, body="hello")
    client.force_login(alice)
    client.post(f"/p/{post.pk}/comments/", {"body": "one"})
    response = client.post(f"/p/{post.pk}/comments/", {"body": "two"})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60


@pytest.mark.parametrize("day", ["1800-01-01", "1887-12-31", "0001-01-01"])
def test_idea_stats_refuse_days_before_any_community(api, cm, day):
    body = assert_error(api(cm).get("/ideas/stats", since=day), 422, "invalid_request")
    assert body["details"][0]["field"] == "since"
    assert_error(api(cm).get("/ideas/stats", until=day), 422, "invalid_request")


def test_idea_stats_write_their_bounds_in_rfc3339(api, cm):
    stats = api(cm).get("/ideas/stats", since="2000-01-01", until="9999-12-31").json()
    assert stats["since"] == "2000-01-01T00:00:00+09:00"
    assert RFC3339.fullmatch(stats["until"]), stats["until"]


def test_a_moment_in_local_mean_time_is_written_in_utc():
    tokyo = ZoneInfo("Asia/Tokyo")
    written = json.loads(json.dumps(datetime(1800, 1, 1, tzinfo=tokyo), cls=HirobaJSONEncoder))
    assert written == "1799-12-31T14:41:01Z"
    assert RFC3339.fullmatch(written)
    today = json.dumps(datetime(2026, 5, 1, 9, 30, tzinfo=tokyo), cls=HirobaJSONEncoder)
    assert json.loads(today) == "2026-05-01T09:30:00+09:00"
    assert json.dumps(date(1800, 1, 1), cls=HirobaJSONEncoder) == '"1800-01-01"'


@pytest.mark.parametrize(
    ("raised", "status", "code"),
    [
        (RuntimeError("a bug"), 500, "server_error"),
        (PermissionDenied(), 403, "forbidden"),
        (SuspiciousOperation("odd"), 400, "bad_request"),
    ],
)
def test_errors_no_handler_knows_are_json_with_the_status_django_picks(
    alice, monkeypatch, caplog, raised, status, code
):
    # Fault injection: a read that fails the way an unforeseen bug would.
    def fail(actor, handle):
        raise raised

    monkeypatch.setattr(community_api, "get_public_member", fail)
    response = Client(raise_request_exception=False).get("/api/v1/members/alice")
    assert_error(response, status, code)
    assert caplog.records, "still logged as Django logs it"
