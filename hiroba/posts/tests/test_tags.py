import re
from urllib.parse import quote

from hiroba.community.services import update_community_settings
from hiroba.posts.models import Tag
from hiroba.posts.services import add_comment, publish_post


def test_a_restricted_spaces_hashtag_is_invisible_to_outsiders(
    client, alice, charlie, inner_circle
):
    publish_post(actor=alice, space=inner_circle, body="#secretlaunch の準備")
    client.force_login(charlie)
    assert "secretlaunch" not in client.get("/").content.decode()
    assert client.get("/tags/secretlaunch/").status_code == 404
    client.force_login(alice)
    assert "secretlaunch" in client.get("/").content.decode()
    assert client.get("/tags/secretlaunch/").status_code == 200


def test_popular_tags_count_readable_posts(client, alice, bob, recipes):
    publish_post(actor=alice, space=recipes, body="#トマト料理 その1")
    publish_post(actor=bob, space=recipes, body="#トマト料理 その2 #ごま料理")
    page = client.get("/").content.decode()
    assert page.index("#トマト料理") < page.index("#ごま料理")


def test_malformed_tag_names_are_404(client, db):
    for name in ("%00", "a" * 200, "%E2%80%8B"):
        assert client.get(f"/tags/{name}/").status_code == 404


def test_tag_pages_skip_hidden_posts_and_page_without_gaps(
    settings, alice, charlie, recipes, inner_circle
):
    settings.HIROBA_RATE_POST = "100/60"
    from hiroba.posts.selectors import list_tag_posts

    public_ids = []
    for i in range(25):
        space = inner_circle if i % 3 == 0 else recipes
        post = publish_post(actor=alice, space=space, body=f"#ページ送り {i}")
        if space == recipes:
            public_ids.append(post.pk)
    tag = Tag.objects.get(name="ページ送り")
    seen, cursor = [], None
    for _page in range(5):
        page = list_tag_posts(charlie, tag, cursor=cursor, size=7)
        seen += [post.pk for post in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == sorted(public_ids, reverse=True)


def test_every_hashtag_a_post_links_has_a_tag_page(client, alice, recipes):
    body = "#123 と #① と #ab⑴ と #" + "㍿" * 20 + " と #ＴＯＭＡＴＯ と #ﾄﾏﾄ と #İstanbul"
    post = publish_post(actor=alice, space=recipes, body=body)
    links = re.findall(r'href="(/tags/[^"]*/)"', post.body_html)
    assert len(links) == 3  # tomato, トマト and i̇stanbul; the rest are no tags
    for link in links:
        assert client.get(quote(link)).status_code == 200, link


def test_a_number_has_no_tag_page(client, alice, recipes):
    publish_post(actor=alice, space=recipes, body="#123 と #トマト")
    assert client.get("/tags/123/").status_code == 404
    assert client.get(quote("/tags/トマト/")).status_code == 200


def test_a_name_that_folds_longer_than_a_tag_is_not_stored(alice, recipes):
    publish_post(actor=alice, space=recipes, body="#" + "ß" * 30 + " #" + "㍿" * 20)
    assert not Tag.objects.exists()


def test_a_comment_links_only_the_hashtags_that_posts_carry(client, alice, bob, recipes):
    post = publish_post(actor=alice, space=recipes, body="#トマト の話")
    comment = add_comment(actor=bob, post=post, body="#トマト いいですね #コメントだけ")
    links = re.findall(r'href="(/tags/[^"]*/)"', comment.body_html)
    assert links == ["/tags/トマト/"]
    assert client.get(quote(links[0])).status_code == 200
    assert "#コメントだけ" in comment.body_html
    assert client.get(quote("/tags/コメントだけ/")).status_code == 404


def test_a_comment_links_a_tag_only_where_every_reader_can_open_its_page(
    client, alice, bob, charlie, recipes, inner_circle
):
    """A tag whose only post is in a restricted space has no page for outsiders: a public
    comment leaves it as text, while a comment inside that space links it."""
    publish_post(actor=alice, space=inner_circle, body="#新商品 の試作")
    public_post = publish_post(actor=alice, space=recipes, body="#トマト の話")
    secret_post = publish_post(actor=alice, space=inner_circle, body="内輪の話")

    public = add_comment(actor=bob, post=public_post, body="#新商品 #トマト")
    inside = add_comment(actor=bob, post=secret_post, body="#新商品 #トマト")

    assert re.findall(r'href="(/tags/[^"]*/)"', public.body_html) == ["/tags/トマト/"]
    assert re.findall(r'href="(/tags/[^"]*/)"', inside.body_html) == [
        "/tags/新商品/",
        "/tags/トマト/",
    ]
    client.force_login(charlie)  # outside the restricted space: its tag page does not exist
    assert client.get(quote("/tags/新商品/")).status_code == 404
    client.force_login(bob)
    assert client.get(quote("/tags/新商品/")).status_code == 200


def test_the_guidelines_link_no_hashtags(cm):
    community = update_community_settings(actor=cm, guidelines="#トマト の話題はこちら")
    assert 'class="hashtag"' not in community.guidelines_html


def test_popular_tags_are_kept_in_the_process_in_front_of_the_shared_cache(alice, recipes):
    from django.core.cache import cache, caches

    from hiroba.posts.selectors import popular_tags

    publish_post(actor=alice, space=recipes, body="#トマト料理 その1")
    first = popular_tags(alice)
    assert [tag["name"] for tag in first] == ["トマト料理"]
    cache.clear()  # the shared copy is gone, or another process filled it: this one keeps its own
    publish_post(actor=alice, space=recipes, body="#ごま料理")
    assert popular_tags(alice) == first
    caches["fragments"].clear()  # a minute later
    assert {tag["name"] for tag in popular_tags(alice)} == {"トマト料理", "ごま料理"}
