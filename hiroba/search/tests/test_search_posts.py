import pytest

from conftest import make_member
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
    # Session, member, spaces (3); posts: index vocabulary, index, rows, photos (4); members
    # beside the posts: vocabulary, index, rows (3). The same for a page of members alone.
    with django_assert_max_num_queries(12):
        assert client.get("/search/", {"q": "ごま"}).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/search/", {"q": "アリス"}).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get("/search/", {"q": "アリス", "kind": "members"}).status_code == 200


def test_members_are_found_by_name_or_handle_and_shown_beside_posts(client, corpus, charlie):
    from hiroba.accounts.services import update_profile

    client.force_login(charlie)
    page = client.get("/search/", {"q": "ｱﾘｽ"}).content.decode()
    assert "@alice" in page and 'id="members-heading"' in page
    only_members = client.get("/search/", {"q": "ALICE", "kind": "members"}).content.decode()
    assert "@alice" in only_members and "search-result" not in only_members
    alice = corpus["osaka"].author
    update_profile(actor=alice, member=alice, display_name="有栖")
    assert [m.handle for m in selectors.search_members(charlie, "有栖").items] == ["alice"]
    assert selectors.search_members(charlie, "アリス").items == []


def test_an_exact_handle_comes_first_and_inactive_members_are_left_out(charlie):
    older = make_member("ken", display_name="ケン")
    make_member("kenta", display_name="健太 ken")
    gone = make_member("kenji", display_name="ken ji")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    found = [m.handle for m in selectors.search_members(charlie, "ken").items]
    assert found == ["ken", "kenta"]
    assert older.handle == found[0]


def test_the_search_api_applies_filters_and_visibility(client, corpus, charlie, alice):
    client.force_login(charlie)
    answer = client.get("/api/v1/search/posts", {"q": "ごま", "kind": "article"}).json()
    assert [item["id"] for item in answer["items"]] == [corpus["article"].pk]
    assert answer["items"][0]["url"].endswith(f"/p/{corpus['article'].pk}/")
    assert client.get("/api/v1/search/posts", {"q": "新商品"}).json()["items"] == []
    secret = client.get("/api/v1/search/posts", {"q": "大阪", "space": "inner"})
    assert secret.status_code == 404 and secret.json()["code"] == "not_found"
    client.force_login(alice)
    found = client.get("/api/v1/search/posts", {"q": "新商品", "space": "inner"}).json()
    assert [item["id"] for item in found["items"]] == [corpus["secret"].pk]
    members = client.get("/api/v1/search/members", {"q": "ありす"}).json()
    assert [m["handle"] for m in members["items"]] == ["alice"]
    for bad in ({"q": ""}, {"q": "x", "kind": "idea"}, {"q": "x", "limit": 0}, {}):
        response = client.get("/api/v1/search/posts", bad)
        assert response.status_code == 422 and response.json()["code"] == "invalid_request"
