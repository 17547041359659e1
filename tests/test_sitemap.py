"""One sitemap index for all public content (posts, articles, questions, ideas, spaces, tags),
cut into files by id ranges; robots.txt points at it, and the Atom feeds are announced."""

from datetime import datetime
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hiroba.community.selectors import all_spaces
from hiroba.community.services import update_community_settings
from hiroba.core import sitemaps
from hiroba.ideas.services import submit_idea
from hiroba.posts.services import create_article, delete_post, publish_post
from hiroba.posts.sitemaps import post_rows, tag_rows
from hiroba.posts.tests.plan_statistics import (
    feed_models,
    fill_community,
    fresh_statistics,
    ids_given_back,
)
from hiroba.posts.tests.test_query_plans import plan
from hiroba.qa.services import ask_question

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def read(client: Client, url: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def locations(client: Client, url: str) -> list[str]:
    return [node.text for node in read(client, url).iterfind(".//s:loc", NS)]


def everything_listed(client: Client) -> list[str]:
    urls = []
    for file in locations(client, "/sitemap.xml"):
        urls += locations(client, file)
    return [url.removeprefix("http://testserver") for url in urls]


@pytest.fixture(autouse=True)
def _generous_rates(settings):
    settings.HIROBA_RATE_POST = "1000/60"


@pytest.fixture
def public_and_private(alice, editor, official, recipes, lounge, inner_circle, ideas_space):
    """One of each kind in the public spaces, and the same where visitors cannot read."""
    shown = {
        "post": publish_post(actor=alice, space=recipes, body="#トマト 公開の投稿"),
        "article": create_article(
            actor=editor, as_account=official, title="記事", body="本文", publish="now"
        ),
        "question": ask_question(actor=alice, space=recipes, title="質問", body="?").post,
        "idea": submit_idea(actor=alice, space=ideas_space, title="提案", body="!").post,
    }
    deleted = publish_post(actor=alice, space=recipes, body="消す投稿")
    delete_post(actor=alice, post=deleted)
    hidden = {
        "members_only": publish_post(actor=alice, space=lounge, body="#雑談タグ 内輪"),
        "restricted": publish_post(actor=alice, space=inner_circle, body="#極秘 試作"),
        "restricted_question": ask_question(
            actor=alice, space=inner_circle, title="秘密の質問", body="?"
        ).post,
        "draft": create_article(
            actor=editor, as_account=official, title="下書き", body="まだ", publish="draft"
        ),
        "deleted": deleted,
    }
    return shown, hidden


def test_the_index_lists_every_public_page_and_nothing_else(public_and_private):
    shown, hidden = public_and_private
    listed = everything_listed(Client())

    assert sorted(listed) == sorted(
        [
            f"/p/{shown['post'].pk}/",
            f"/p/{shown['article'].pk}/",
            f"/questions/{shown['question'].pk}/",
            f"/ideas/{shown['idea'].pk}/",
            "/s/recipes/",
            "/s/ideas/",
            "/tags/%E3%83%88%E3%83%9E%E3%83%88/",  # トマト; 雑談タグ and 極秘 are not public
        ]
    )
    for post in hidden.values():
        assert not any(url.endswith(f"/{post.pk}/") for url in listed)


def test_each_entry_says_when_its_page_last_changed(alice, recipes):
    post = publish_post(actor=alice, space=recipes, body="#ぬか漬け 始めました")
    client = Client()
    entries = {}
    for file in locations(client, "/sitemap.xml"):
        for url in read(client, file).iterfind("s:url", NS):
            lastmod = url.find("s:lastmod", NS)
            entries[url.find("s:loc", NS).text] = None if lastmod is None else lastmod.text
    tag = "http://testserver/tags/%E3%81%AC%E3%81%8B%E6%BC%AC%E3%81%91/"
    for url in (f"http://testserver/p/{post.pk}/", tag):
        assert datetime.fromisoformat(entries[url]) == post.published_at
    assert entries["http://testserver/s/recipes/"] is None


def test_files_are_id_ranges_read_without_offset(monkeypatch, alice, recipes):
    monkeypatch.setattr(sitemaps, "IDS_PER_FILE", 3)
    made = [publish_post(actor=alice, space=recipes, body=f"投稿 {i}") for i in range(7)]
    client = Client()
    files = [f for f in locations(client, "/sitemap.xml") if "/sitemap-posts-" in f]
    assert len(files) == made[-1].pk // 3 + 1

    listed = []
    with CaptureQueriesContext(connection) as queries:
        for file in files:
            listed += locations(client, file)
    assert listed == [f"http://testserver/p/{post.pk}/" for post in made]
    assert not any("OFFSET" in query["sql"].upper() for query in queries.captured_queries)


def test_query_counts_are_pinned(public_and_private, django_assert_max_num_queries):
    client = Client()
    client.get("/sitemap.xml")  # the community's settings are remembered for a few seconds
    with django_assert_max_num_queries(6):  # the highest id of each of the six sections
        files = locations(client, "/sitemap.xml")
    all_spaces()  # kept in the process until a space changes
    for file in files:
        with django_assert_max_num_queries(2):  # the kept spaces' generation, then one range
            client.get(file)


def test_a_closed_community_has_no_sitemap_and_robots_are_kept_out(bob, cm, recipes):
    client = Client()
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()
    update_community_settings(actor=cm, is_open=False)
    member = Client()
    member.force_login(bob)
    for url in ("/sitemap.xml", "/sitemap-posts-0.xml"):
        assert client.get(url).status_code == 302  # visitors are sent to log in
        assert member.get(url).status_code == 404
    assert "Sitemap" not in client.get("/robots.txt").content.decode()


def test_unknown_or_impossible_files_are_404(client, db):
    assert client.get("/sitemap-members-0.xml").status_code == 404
    assert client.get("/sitemap-posts-99999999999999999999999.xml").status_code == 404


@pytest.fixture
def filled(alice, bob, cm, recipes, lounge, inner_circle):
    with ids_given_back():
        fill_community(cm=cm, spaces=[recipes, lounge, inner_circle], members=[alice, bob])
        publish_post(actor=alice, space=recipes, body="#トマト 公開")
        with fresh_statistics(*feed_models()):
            yield


def test_a_posts_file_is_one_range_scan_of_the_primary_key(filled):
    text = plan(post_rows(0, sitemaps.IDS_PER_FILE))
    if connection.vendor == "sqlite":
        assert "USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)" in text, text
        assert "TEMP B-TREE" not in text, text
    else:
        assert "posts_post_pkey" in text and "Sort" not in text, text


def test_a_tags_file_finds_each_tags_newest_public_post_on_the_tags_index(filled):
    text = plan(tag_rows(0, sitemaps.IDS_PER_FILE))
    assert "post_tag_feed" in text, text
    if connection.vendor == "sqlite":
        assert "SEARCH posts_tag USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)" in text, text
        assert "TEMP B-TREE" not in text, text
    else:
        assert "posts_tag_pkey" in text and "Sort" not in text, text


def test_the_feeds_are_announced_and_linked(client, recipes):
    home = client.get("/").content.decode()
    feed = '<link rel="alternate" type="application/atom+xml" title="Hiroba：記事"'
    assert f'{feed} href="http://testserver/articles/feed/">' in home.split("</head>")[0]
    articles = client.get("/articles/").content.decode()
    assert 'href="/articles/feed/" type="application/atom+xml"' in articles
    assert client.get("/articles/feed/").status_code == 200
    assert client.get("/s/recipes/feed/").status_code == 200
