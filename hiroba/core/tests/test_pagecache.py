import pytest

from hiroba.community.services import update_community_settings
from hiroba.posts.services import delete_post, publish_post


@pytest.fixture
def page_cache(settings):
    settings.HIROBA_PAGE_CACHE_SECONDS = 30


def test_anonymous_pages_of_an_open_community_are_served_from_the_cache(
    page_cache, client, alice, recipes, django_assert_max_num_queries
):
    publish_post(actor=alice, space=recipes, body="最初の投稿")
    first = client.get("/s/recipes/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(1):  # the cached settings at most; no page queries
        second = client.get("/s/recipes/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_a_deleted_post_leaves_cached_pages_at_once(
    page_cache, client, alice, recipes, django_capture_on_commit_callbacks
):
    post = publish_post(actor=alice, space=recipes, body="消える投稿")
    assert "消える投稿" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        delete_post(actor=alice, post=post)
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "消える投稿" not in response.content.decode()


def test_closing_the_community_stops_serving_cached_pages(
    page_cache, client, cm, alice, recipes, django_capture_on_commit_callbacks
):
    publish_post(actor=alice, space=recipes, body="公開中の投稿")
    client.get("/s/recipes/")
    with django_capture_on_commit_callbacks(execute=True):
        update_community_settings(actor=cm, is_open=False)
    response = client.get("/s/recipes/")
    assert response.status_code == 302
    assert "公開中の投稿" not in client.get("/").content.decode()


def test_members_and_visitors_with_cookies_are_never_served_cached_pages(
    page_cache, client, alice, recipes
):
    client.get("/")
    client.force_login(alice)
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "アリス" in response.content.decode()


def test_languages_are_cached_apart(page_cache, client, db):
    japanese = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Page-Cache"] == "miss"
    assert japanese.content != english.content
