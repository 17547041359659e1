import pytest

from hiroba.posts.services import create_article, delete_post, publish_post
from hiroba.search import selectors


@pytest.fixture
def corpus(settings, alice, bob, recipes, lounge, inner_circle, editor, official):
    settings.HIROBA_RATE_POST = "100/60"
    return {
        "osaka": publish_post(actor=alice, space=recipes, title="大阪のたこ焼き", body="粉もん"),
        "goma": publish_post(actor=bob, space=recipes, body="ゴマ豆腐を作りました"),
        "tank": publish_post(actor=alice, space=lounge, body="フリータンクに助けられた"),
        "english": publish_post(actor=bob, space=recipes, body="My Sesame SALAD recipe"),
        "secret": publish_post(actor=alice, space=inner_circle, body="大阪の新商品 ごま味"),
        "article": create_article(
            actor=editor, as_account=official, title="ごまの記事", body="本文", publish="now"
        ),
    }


def found(actor, query, **filters):
    return [post.pk for post in selectors.search_posts(actor, query, **filters).items]


def test_two_character_japanese_words_are_found(corpus, charlie):
    assert found(charlie, "大阪") == [corpus["osaka"].pk]
    assert found(charlie, "ごま") == [corpus["article"].pk, corpus["goma"].pk]


def test_half_width_katakana_and_hiragana_find_katakana(corpus, charlie):
    for written in ("ﾌﾘｰﾀﾝｸ", "フリータンク", "ふりーたんく"):
        assert found(charlie, written) == [corpus["tank"].pk]


def test_english_words_match_in_any_case_and_every_word_must_match(corpus, charlie):
    assert found(charlie, "sesame") == [corpus["english"].pk]
    assert found(charlie, "SALAD recipe") == [corpus["english"].pk]
    assert found(charlie, "salad 大阪") == []


def test_outsiders_and_visitors_never_see_hidden_or_deleted_posts(corpus, alice, charlie, anon):
    assert corpus["secret"].pk in found(alice, "新商品")
    assert found(charlie, "新商品") == []
    assert found(anon, "フリータンク") == []  # members-only space
    delete_post(actor=bob_of(corpus), post=corpus["goma"])
    assert found(charlie, "豆腐") == []


def bob_of(corpus):
    return corpus["goma"].author


def test_filters_by_space_and_kind(corpus, charlie, recipes):
    assert found(charlie, "ごま", kind="article") == [corpus["article"].pk]
    assert found(charlie, "ごま", space=recipes) == [corpus["goma"].pk]


def test_the_search_page_highlights_matches_and_survives_bad_input(client, corpus):
    page = client.get("/search/", {"q": "ｺﾞﾏ"}).content.decode()
    assert "<mark>ゴマ</mark>豆腐" in page
    for query in ("", " ", "\x00", "%", "a" * 5000, "<script>"):
        response = client.get("/search/", {"q": query, "cursor": "garbage", "kind": "x"})
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main")[1]


def test_search_runs_a_fixed_number_of_queries(
    client, corpus, charlie, django_assert_max_num_queries
):
    client.force_login(charlie)
    client.get("/search/", {"q": "大阪"})  # the first page of a visit records the visit
    with django_assert_max_num_queries(9):
        assert client.get("/search/", {"q": "ごま"}).status_code == 200
