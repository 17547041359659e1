from hiroba.community.services import update_community_settings
from hiroba.posts.services import create_article, publish_post


def test_articles_feed_lists_published_articles_only(client, editor, official):
    create_article(
        actor=editor, as_account=official, title="新商品のお知らせ", body="本文", publish="now"
    )
    create_article(actor=editor, as_account=official, title="下書きの記事", body="本文")
    response = client.get("/articles/feed/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "新商品のお知らせ" in text
    assert "下書きの記事" not in text
    assert "Hiroba編集部" in text


def test_public_space_feed_lists_its_posts(client, alice, recipes):
    publish_post(actor=alice, space=recipes, title="トマトの冷製パスタ", body="#トマト料理")
    response = client.get("/s/recipes/feed/")
    assert response.status_code == 200
    assert "トマトの冷製パスタ" in response.content.decode()


def test_restricted_and_members_only_spaces_have_no_feed(client, alice, inner_circle, lounge):
    publish_post(actor=alice, space=inner_circle, title="内緒の話", body="secret")
    assert client.get("/s/inner/feed/").status_code == 404
    assert client.get("/s/lounge/feed/").status_code == 404
    assert client.get("/s/missing/feed/").status_code == 404


def test_closed_community_has_no_public_feed(client, cm, editor, official):
    create_article(actor=editor, as_account=official, title="会員限定", body="本文", publish="now")
    update_community_settings(actor=cm, is_open=False)
    response = client.get("/articles/feed/")
    assert response.status_code in (302, 404)
    assert "会員限定" not in response.content.decode()


def test_an_untitled_post_is_titled_by_its_words_in_the_feed(client, alice, recipes):
    publish_post(actor=alice, space=recipes, body="**新じゃが**で[ポテサラ](https://example.com)")
    text = client.get("/s/recipes/feed/").content.decode()
    assert "<title>新じゃがでポテサラ</title>" in text
