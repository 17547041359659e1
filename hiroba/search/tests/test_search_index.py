"""The index answers exactly what a substring match on the folded text would.

The same corpus and queries run on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm) in CI; each
run is compared with a plain Python oracle, so both databases return identical results.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from hiroba.core.text import fold_for_search, search_terms
from hiroba.posts.models import Post
from hiroba.posts.services import delete_post, edit_post, publish_post
from hiroba.search import index, selectors

TEXTS = [
    ("大阪のたこ焼き", "粉もんが好き"),
    ("", "ゴマ豆腐を作りました"),
    ("", "ごまだれ"),  # the word at the very end of the text
    ("", "フリータンクに助けられた"),
    ("ﾌﾘｰﾀﾝｸの使い方", "半角で書いた題"),
    ("", "My Sesame SALAD recipe"),
    ("Data plan", "the 3GB data plan is enough"),
    ("", "大"),  # a one-character text
    ("", "阪"),
    ("", "大阪"),  # a text that is exactly the query
    ("", '引用符 "quoted" と % と _ の記号'),
    ("", "東京と大阪と名古屋"),
    ("", "おおさか"),
]
QUERIES = [
    "大阪", "大", "阪", "ごま", "ゴマ", "ｺﾞﾏ", "ま", "フリータンク", "ﾌﾘｰﾀﾝｸ", "ふりーたんく",
    "sesame", "SALAD recipe", "data", "3gb", "plan data", "たこ焼き", "大阪 たこ", "名古屋 大阪",
    '"quoted"', "%", "_", "と", "ない言葉", "zz", "xyzzy", "おおさか",
]  # fmt: skip


@pytest.fixture
def corpus(settings, alice, recipes):
    settings.HIROBA_RATE_POST = "1000/60"
    return [publish_post(actor=alice, space=recipes, title=t, body=b) for t, b in TEXTS]


def oracle(posts: list[Post], query: str) -> list[int]:
    terms = search_terms(query)
    texts = {p.pk: fold_for_search(f"{p.title} {p.body}") for p in posts}
    return sorted((pk for pk, text in texts.items() if all(t in text for t in terms)), reverse=True)


def all_pages(actor, query, **filters) -> list[int]:
    ids, cursor = [], None
    while True:
        page = selectors.search_posts(actor, query, cursor=cursor, size=3, **filters)
        ids += [post.pk for post in page.items]
        if not page.next_cursor:
            return ids
        cursor = page.next_cursor


@pytest.mark.parametrize("query", QUERIES)
def test_results_equal_a_substring_match_on_the_folded_text(corpus, charlie, query):
    assert all_pages(charlie, query) == oracle(corpus, query)


def test_small_index_chunks_and_windows_give_the_same_results(corpus, charlie, monkeypatch):
    # Each database reads candidates in rounds (SQLite: index chunks; PostgreSQL: a window of
    # the newest rows, then the trigram index below it); tiny rounds cross every boundary.
    monkeypatch.setattr(selectors, "FIRST_CHUNK", 2)
    monkeypatch.setattr(selectors, "MAX_CHUNK", 2)
    monkeypatch.setattr(selectors, "RECENT_WINDOW", 3)
    monkeypatch.setattr(selectors, "SHORT_WORD_WINDOW", 3)
    for query in QUERIES:
        assert all_pages(charlie, query) == oracle(corpus, query), query


def test_small_buckets_give_the_same_results(corpus, charlie, monkeypatch):
    # PostgreSQL asks the index below the window a few buckets at a time, more each round; with
    # buckets of two ids and one expected match per round, pages cross many bucket boundaries.
    monkeypatch.setattr(selectors, "RECENT_WINDOW", 2)
    monkeypatch.setattr(selectors, "BUCKET_TARGET", 1)
    monkeypatch.setattr(index, "BUCKET", 2)
    for query in QUERIES:
        assert all_pages(charlie, query) == oracle(corpus, query), query


def test_the_bucket_condition_is_answered_by_the_index(db):
    if connection.vendor != "postgresql":
        pytest.skip("the bucketed trigram index is PostgreSQL's; SQLite has FTS5")
    # A table with the search index and no other, so the planner's only alternative to the
    # index is a scan: a bucket spelled or typed differently from the index's (int4 against its
    # int8) would leave the scan. (On the posts table the choice follows the statistics.)
    probe = index.Source("search_probe", "id", "search_text", fts="", gin="search_probe_trgm")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE search_probe (id bigint, search_text text)")
    with connection.schema_editor() as editor:
        index.create_index(editor, probe)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql = f"SELECT id FROM search_probe WHERE {index.in_buckets('search_probe.id')}"
        cursor.execute("EXPLAIN " + sql, [[3]])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    condition = next((line for line in plan.splitlines() if "Index Cond" in line), "")
    assert probe.gin in plan and f"/ {index.BUCKET}" in condition, plan


def test_the_oracle_agrees_with_what_a_member_expects(corpus, charlie):
    # Guard against an oracle that is wrong in the same way as the index.
    by_text = {p.body: p.pk for p in corpus}
    assert set(all_pages(charlie, "ﾌﾘｰﾀﾝｸ")) == {by_text["フリータンクに助けられた"], corpus[4].pk}
    assert by_text["ごまだれ"] in all_pages(charlie, "ゴマ")
    assert all_pages(charlie, "大阪") == sorted(
        [corpus[0].pk, by_text["大阪"], by_text["東京と大阪と名古屋"]], reverse=True
    )


def test_the_index_follows_edits_and_deletes(corpus, alice, charlie):
    post = corpus[1]
    edit_post(actor=alice, post=post, body="胡麻豆腐に書き直した")
    assert post.pk not in all_pages(charlie, "ゴマ")
    assert all_pages(charlie, "胡麻") == [post.pk]
    delete_post(actor=alice, post=corpus[0])
    assert corpus[0].pk not in all_pages(charlie, "たこ焼き")
    Post.objects.filter(pk=post.pk).delete()  # a row removed outright leaves the index too
    assert all_pages(charlie, "胡麻") == []


def test_many_matches_page_through_index_chunks_without_gaps(
    settings, alice, charlie, recipes, monkeypatch
):
    settings.HIROBA_RATE_POST = "1000/60"
    posts = [publish_post(actor=alice, space=recipes, body=f"ごま料理 {n}") for n in range(30)]
    every_third = {p.pk for p in posts[::3]}
    for post in posts:
        if post.pk not in every_third:
            delete_post(actor=alice, post=post)
    monkeypatch.setattr(selectors, "FIRST_CHUNK", 4)
    monkeypatch.setattr(selectors, "MAX_CHUNK", 8)
    monkeypatch.setattr(selectors, "RECENT_WINDOW", 5)
    monkeypatch.setattr(selectors, "SHORT_WORD_WINDOW", 5)
    expected = sorted(every_third, reverse=True)
    assert all_pages(charlie, "ごま料理") == expected
    assert all_pages(charlie, "ごま") == expected
    # A request gives up after MAX_EXAMINED candidates, with a cursor that goes on from there.
    monkeypatch.setattr(selectors, "MAX_EXAMINED", 5)
    assert all_pages(charlie, "ごま料理") == expected


def test_reindex_rebuilds_a_lost_index_and_refolds_texts(corpus, charlie, capsys):
    Post.objects.filter(pk=corpus[2].pk).update(search_text="stale")
    if index.uses_fts():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {index.POSTS.fts}")
        assert all_pages(charlie, "大阪") == []
    call_command("reindex", batch=4)
    output = capsys.readouterr().out
    assert "posts" in output and "100%" in output and "1 post texts" in output
    for query in QUERIES:
        assert all_pages(charlie, query) == oracle(corpus, query), query


def test_results_keep_to_visibility(corpus, alice, bob, charlie, anon, inner_circle, lounge):
    secret = publish_post(actor=alice, space=inner_circle, body="大阪の新商品")
    members_only = publish_post(actor=alice, space=lounge, body="大阪オフ会")
    assert secret.pk in all_pages(bob, "大阪")
    assert secret.pk not in all_pages(charlie, "大阪")
    assert members_only.pk in all_pages(charlie, "大阪")
    assert all_pages(anon, "大阪") == [p for p in oracle(corpus, "大阪")]


def test_filters_narrow_results(corpus, alice, charlie, lounge, editor, official):
    from hiroba.posts.services import create_article

    elsewhere = publish_post(actor=alice, space=lounge, body="大阪の話")
    article = create_article(
        actor=editor, as_account=official, title="大阪特集", body="本文", publish="now"
    )
    assert all_pages(charlie, "大阪", space=lounge) == [elsewhere.pk]
    assert all_pages(charlie, "大阪", kind="article") == [article.pk]
    Post.objects.filter(pk=elsewhere.pk).update(published_at="2020-01-01T00:00:00Z")
    assert elsewhere.pk not in all_pages(charlie, "大阪", period="week")
    assert elsewhere.pk in all_pages(charlie, "大阪", period="nonsense")


def test_relevance_puts_title_matches_first(settings, alice, charlie, recipes):
    settings.HIROBA_RATE_POST = "1000/60"
    in_title = publish_post(actor=alice, space=recipes, title="ごまの話", body="本文")
    in_body = [publish_post(actor=alice, space=recipes, body=f"今日もごま {n}") for n in range(3)]
    newest = [p.pk for p in selectors.search_posts(charlie, "ごま").items]
    relevant = [p.pk for p in selectors.search_posts(charlie, "ごま", order="relevant").items]
    assert newest[0] == in_body[-1].pk
    assert relevant[0] == in_title.pk
    assert sorted(relevant) == sorted(newest)


def test_held_and_hidden_posts_never_show_in_results(corpus, alice, bob, mod, charlie):
    from hiroba.moderation.services import add_word_rule, moderate_post

    add_word_rule(actor=mod, phrase="禁止ワード", action="hold")
    held = publish_post(actor=alice, space=corpus[0].space, body="大阪の禁止ワード")
    hidden = corpus[0]
    moderate_post(actor=mod, post=hidden, action="hide", reason="宣伝")
    for reader in (bob, charlie):
        found = all_pages(reader, "大阪")
        assert held.pk not in found and hidden.pk not in found
    assert selectors.search_posts(charlie, "たこ焼き", order="relevant").items == []
