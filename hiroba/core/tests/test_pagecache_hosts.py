"""A site answering on two names: the anonymous page cache keeps each name's pages apart, so a
page's absolute addresses (its canonical link) always name the host it was asked for."""

import re

import pytest

from hiroba.qa.services import ask_question


@pytest.fixture
def two_names(settings):
    settings.HIROBA_PAGE_CACHE_SECONDS = 30
    settings.ALLOWED_HOSTS = ["community.example.com", "fans.example.jp"]


def canonical(response) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)"', response.content.decode()).group(1)


def test_each_host_name_gets_its_own_canonical_url(two_names, client, alice, recipes):
    question = ask_question(
        actor=alice, space=recipes, title="ごま豆腐が固まりません", body="何が原因でしょう?"
    )
    path = f"/questions/{question.pk}/"

    first = client.get(path, HTTP_HOST="community.example.com")
    other = client.get(path, HTTP_HOST="fans.example.jp")
    again = client.get(path, HTTP_HOST="community.example.com")

    assert first["X-Page-Cache"] == "miss"
    assert canonical(first) == f"http://community.example.com{path}"
    assert other["X-Page-Cache"] == "miss"
    assert canonical(other) == f"http://fans.example.jp{path}"
    assert again["X-Page-Cache"] == "hit"
    assert canonical(again) == f"http://community.example.com{path}"


def test_https_and_http_are_cached_apart(two_names, client, alice, recipes):
    question = ask_question(actor=alice, space=recipes, title="保存期間は?", body="教えてください")
    path = f"/questions/{question.pk}/"
    plain = client.get(path, HTTP_HOST="community.example.com")
    secure = client.get(path, HTTP_HOST="community.example.com", secure=True)
    assert plain["X-Page-Cache"] == secure["X-Page-Cache"] == "miss"
    assert canonical(secure) == f"https://community.example.com{path}"
