import json

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client

from hiroba.accounts.tokens import create_api_token
from hiroba.community.services import update_community_settings


@pytest.fixture(autouse=True)
def _generous_rates(settings):
    # Tests publish many posts as one member; the budgets themselves are tested in posts/.
    settings.HIROBA_RATE_POST = "1000/60"
    settings.HIROBA_RATE_COMMENT = "1000/60"


class ApiClient:
    """Django's test client speaking JSON to /api/v1, as one member (by API token) or anonymously."""

    def __init__(self, member=None, client=None):
        self.client = client or Client()
        self.headers = {}
        if member is not None:
            _token, secret = create_api_token(actor=member, name="tests")
            self.secret = secret
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, **self.headers)

    def post(self, path, data=None, *, raw=None, content_type="application/json"):
        body = raw if raw is not None else json.dumps(data if data is not None else {})
        return self.client.post(f"/api/v1{path}", body, content_type=content_type, **self.headers)

    def post_multipart(self, path, data):
        return self.client.post(f"/api/v1{path}", data, **self.headers)

    def delete(self, path):
        return self.client.delete(f"/api/v1{path}", **self.headers)


@pytest.fixture
def api():
    """``api(alice)`` is a client acting as alice; ``api()`` an anonymous one."""
    return ApiClient


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["message"]
    if code is not None:
        assert body["code"] == code, body
    return body


@pytest.fixture
def closed_community(cm, django_capture_on_commit_callbacks):
    # The service clears the cached settings on commit; run that callback as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        return update_community_settings(actor=cm, is_open=False)


@pytest.fixture
def wsgi_app(db):
    """Django's WSGI handler for clients that speak HTTP to it in-process (a generated client,
    schemathesis), keeping the test's database connection open between requests: after each one
    the handler would close it, which Django's own test client prevents the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
