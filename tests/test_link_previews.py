"""Open Graph and Twitter card tags on every shareable public page, and share buttons for LINE, X
and "copy link". Members-only and restricted content never reaches these tags, whoever looks."""

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.test import Client

from hiroba.accounts.services import update_profile
from hiroba.community.services import update_community_settings
from hiroba.ideas.services import submit_idea
from hiroba.posts.services import create_article, publish_post
from hiroba.qa.services import ask_question


class HeadTags(HTMLParser):
    """The <meta> and <link> tags of a page's <head>."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self._in_head = True

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "body":
            self._in_head = False
        if not self._in_head:
            return
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        elif tag == "link":
            self.links.append(attrs)


def head_tags(html: str) -> HeadTags:
    parser = HeadTags()
    parser.feed(html)
    return parser


def page(url: str, member=None):
    client = Client()
    if member is not None:
        client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200, url
    return response, response.content.decode()


def canonical(tags: HeadTags) -> str | None:
    return next((link["href"] for link in tags.links if link.get("rel") == "canonical"), None)


def atom_feeds(tags: HeadTags) -> list[str]:
    return [link["href"] for link in tags.links if link.get("type") == "application/atom+xml"]


@pytest.fixture(autouse=True)
def _generous_rates(settings):
    settings.HIROBA_RATE_POST = "1000/60"


def test_a_public_post_previews_its_title_text_and_first_photo(alice, bob, recipes, jpeg_upload):
    post = publish_post(
        actor=alice,
        space=recipes,
        title="夏野菜のラタトゥイユ",
        body="**トマト**をたっぷり使いました。" + "煮込むほど甘くなります。" * 20,
        photos=[jpeg_upload("first.jpg"), jpeg_upload("second.jpg")],
    )
    first_photo = post.photos.order_by("position").first()
    for viewer in (None, bob):  # the same preview, whoever asks
        _response, html = page(f"/p/{post.pk}/", viewer)
        tags = head_tags(html)
        assert tags.meta["og:title"] == "夏野菜のラタトゥイユ"
        assert tags.meta["og:type"] == "article"
        assert tags.meta["og:site_name"] == "Hiroba"
        description = tags.meta["og:description"]
        assert description.startswith("トマトをたっぷり使いました。") and description.endswith("…")
        assert len(description) == 150 and tags.meta["description"] == description
        assert tags.meta["og:url"] == canonical(tags) == f"http://testserver/p/{post.pk}/"
        assert tags.meta["og:image"] == f"http://testserver{first_photo.display_url}"
        assert tags.meta["twitter:card"] == "summary_large_image"


def test_share_buttons_are_plain_links_and_the_page_keeps_its_csp(alice, recipes):
    post = publish_post(actor=alice, space=recipes, title="ぬか漬け & 塩麹", body="漬けました")
    response, html = page(f"/p/{post.pk}/")
    address = quote(f"http://testserver/p/{post.pk}/", safe="")

    assert f'href="https://social-plugins.line.me/lineit/share?url={address}"' in html
    x_link = re.search(r'href="(https://x\.com/intent/tweet\?[^"]*)"', html).group(1)
    assert (
        x_link
        == f"https://x.com/intent/tweet?text={quote('ぬか漬け & 塩麹', safe='')}&amp;url={address}"
    )
    assert re.search(rf'<a class="[^"]*copy-link" href="http://testserver/p/{post.pk}/"', html), (
        "copy link is a link to the page"
    )
    # No third-party script: every script is one of ours, loaded from /static/ with the nonce.
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(re.search(r'src="/static/[^"]+"', s) for s in scripts)
    assert all(re.search(r'nonce="[^"]+"', s) for s in scripts)
    assert '<script src="/static/hiroba/share.js"' in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "social-plugins" not in policy


def test_an_article_previews_its_cover_else_the_community_logo(editor, official, cm, jpeg_upload):
    with_cover = create_article(
        actor=editor, as_account=official, title="旬の野菜", body="春キャベツ", cover=jpeg_upload(),
        publish="now",
    )  # fmt: skip
    plain = create_article(
        actor=editor, as_account=official, title="お知らせ", body="休業日", publish="now"
    )
    tags = head_tags(page(f"/p/{with_cover.pk}/")[1])
    assert tags.meta["og:image"] == f"http://testserver{with_cover.cover.url}"
    assert tags.meta["twitter:card"] == "summary_large_image"

    tags = head_tags(page(f"/p/{plain.pk}/")[1])
    assert "og:image" not in tags.meta and tags.meta["twitter:card"] == "summary"
    update_community_settings(actor=cm, logo=jpeg_upload("logo.jpg"))
    tags = head_tags(page(f"/p/{plain.pk}/")[1])
    assert tags.meta["og:image"].startswith("http://testserver/media/logos/")
    assert tags.meta["twitter:card"] == "summary"  # the logo is no photo of the article


def test_questions_and_ideas_preview_their_own_page(alice, recipes, ideas_space):
    question = ask_question(actor=alice, space=recipes, title="保存方法は?", body="冷蔵ですか")
    idea = submit_idea(actor=alice, space=ideas_space, title="減塩版を", body="ほしいです")
    for url, title in (
        (f"/questions/{question.pk}/", "保存方法は?"),
        (f"/ideas/{idea.pk}/", "減塩版を"),
    ):
        _response, html = page(url)
        tags = head_tags(html)
        assert tags.meta["og:title"] == title
        assert tags.meta["og:url"] == canonical(tags) == f"http://testserver{url}"
        assert html.count('rel="canonical"') == 1
        assert "social-plugins.line.me" in html


def test_a_space_previews_itself_and_announces_its_feed(recipes):
    _response, html = page("/s/recipes/?cursor=")
    tags = head_tags(html)
    assert tags.meta["og:title"] == "レシピ"
    assert tags.meta["og:description"] == "料理の写真とレシピ"
    assert tags.meta["og:type"] == "website"
    assert tags.meta["og:url"] == "http://testserver/s/recipes/"  # no query string
    assert atom_feeds(tags) == [
        "http://testserver/articles/feed/",
        "http://testserver/s/recipes/feed/",
    ]
    assert 'href="/s/recipes/feed/" type="application/atom+xml"' in html


def test_a_tag_page_previews_the_tag(alice, recipes):
    publish_post(actor=alice, space=recipes, body="#ぬか漬け 始めました")
    tags = head_tags(page(quote("/tags/ぬか漬け/"))[1])
    assert tags.meta["og:title"] == "#ぬか漬け"
    assert tags.meta["og:url"] == "http://testserver/tags/%E3%81%AC%E3%81%8B%E6%BC%AC%E3%81%91/"


def test_a_member_page_previews_name_bio_and_icon(alice, jpeg_upload):
    update_profile(actor=alice, member=alice, bio="トマトが好き", icon=jpeg_upload("icon.jpg"))
    alice.refresh_from_db()
    tags = head_tags(page(f"/members/{alice.handle}/")[1])
    assert tags.meta["og:title"] == alice.display_name
    assert tags.meta["og:description"] == "トマトが好き"
    assert tags.meta["og:type"] == "profile"
    assert tags.meta["og:image"] == f"http://testserver{alice.icon.url}"


def _secret_free(html: str, *secrets: str) -> None:
    tags = head_tags(html)
    shown = " ".join([*tags.meta.values(), *(" ".join(link.values()) for link in tags.links)])
    for secret in secrets:
        assert secret not in shown
    assert canonical(tags) is None and "og:url" not in tags.meta
    assert tags.meta["og:title"] == "Hiroba"  # the community's own card, nothing of the page
    assert "social-plugins.line.me" not in html and "copy-link" not in html


def test_members_only_and_restricted_posts_never_reach_the_preview(
    alice, bob, lounge, inner_circle, jpeg_upload
):
    members_only = publish_post(actor=alice, space=lounge, title="内輪の話", body="ここだけの話")
    restricted = publish_post(
        actor=alice,
        space=inner_circle,
        title="新商品の試作",
        body="発売前の味です",
        photos=[jpeg_upload()],
    )
    question = ask_question(actor=alice, space=inner_circle, title="試作の質問", body="秘密")
    for post, secrets in (
        (members_only, ("内輪の話", "ここだけの話", f"/p/{members_only.pk}/")),
        (restricted, ("新商品の試作", "発売前の味", f"/p/{restricted.pk}/", "/media/photos/")),
    ):
        assert Client().get(f"/p/{post.pk}/").status_code == 404
        _secret_free(page(f"/p/{post.pk}/", bob)[1], *secrets)
    _secret_free(page(f"/questions/{question.pk}/", bob)[1], "試作の質問", "秘密")
    _secret_free(page("/s/inner/", bob)[1], "アンバサダー", "/s/inner/feed/")
    _secret_free(page("/s/lounge/", bob)[1], "雑談", "/s/lounge/feed/")


def test_a_tag_seen_only_in_a_restricted_space_has_no_preview(alice, bob, recipes, inner_circle):
    publish_post(actor=alice, space=inner_circle, body="#極秘レシピ 試作中", photos=[])
    publish_post(actor=alice, space=recipes, body="#トマト 公開")
    publish_post(actor=alice, space=inner_circle, body="#トマト 試作の新品種")
    _secret_free(page(quote("/tags/極秘レシピ/"), bob)[1], "極秘レシピ")
    # A public tag's preview shows the tag, never the restricted post the member sees first.
    tags = head_tags(page(quote("/tags/トマト/"), bob)[1])
    assert tags.meta["og:title"] == "#トマト" and "新品種" not in tags.meta["og:description"]


def test_a_closed_community_previews_nothing_but_its_card(alice, bob, cm, recipes):
    post = publish_post(actor=alice, space=recipes, title="公開の投稿", body="本文")
    update_community_settings(actor=cm, is_open=False)
    _secret_free(page(f"/p/{post.pk}/", bob)[1], "公開の投稿", "本文")
    _secret_free(page(f"/members/{alice.handle}/", bob)[1], f"/members/{alice.handle}/")
    assert atom_feeds(head_tags(page(f"/p/{post.pk}/", bob)[1])) == []
