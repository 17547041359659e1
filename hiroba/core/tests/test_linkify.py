"""Bare addresses in posts and comments become links, sanitized like every other link."""

import re

from hiroba.core.markdown import render_markdown
from hiroba.posts.services import add_comment, publish_post

REL = 'rel="nofollow noopener ugc"'


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html)


def test_a_bare_address_in_a_post_and_a_comment_becomes_a_link(alice, bob, recipes):
    post = publish_post(
        actor=alice, space=recipes, body="レシピはこちら https://example.com/recipe?id=3"
    )
    comment = add_comment(actor=bob, post=post, body="参考: https://example.org/a_b.")

    assert links(post.body_html) == [
        ("https://example.com/recipe?id=3", "https://example.com/recipe?id=3")
    ]
    assert links(comment.body_html) == [("https://example.org/a_b", "https://example.org/a_b")]
    for html in (post.body_html, comment.body_html):
        assert REL in html and "target=" not in html


def test_an_address_ends_where_japanese_text_begins():
    html = render_markdown("詳しくはhttps://example.com/abcをご覧ください。https://example.jp。")
    assert links(html) == [
        ("https://example.com/abc", "https://example.com/abc"),
        ("https://example.jp", "https://example.jp"),
    ]
    assert "をご覧ください。" in html
    # A Japanese host name leaves nothing that is an address on its own: plain text.
    assert "<a" not in render_markdown("http://例え.jp/ok")


def test_only_addresses_written_out_in_full_are_linked():
    for text in ("example.com", "www.example.com", "settings.py", "a@example.com", "ftp://x.org/a"):
        assert "<a" not in render_markdown(text), text


def test_scripts_and_markup_in_an_address_stay_inert():
    assert "<a" not in render_markdown("javascript:alert(1) data:text/html,hi")
    html = render_markdown('https://x.example/"onmouseover="alert(1) https://y.example/<b>b</b>')
    assert re.search(r"\sonmouseover=", html) is None
    assert links(html)[0][0] == "https://x.example/%22onmouseover=%22alert(1)"
    assert "<b>" not in html


def test_a_pasted_percent_encoded_address_stays_one_link():
    address = "https://ja.wikipedia.org/wiki/%E3%83%88%E3%83%9E%E3%83%88"
    assert links(render_markdown(f"{address} を見て")) == [
        (address, "https://ja.wikipedia.org/wiki/トマト")
    ]


def test_a_fragment_in_an_address_is_not_a_hashtag_but_a_hashtag_after_it_is():
    html = render_markdown("https://example.com/#tomato #tomato")
    assert links(html) == [
        ("https://example.com/#tomato", "https://example.com/#tomato"),
        ("/tags/tomato/", "#tomato"),
    ]


def test_code_and_written_links_are_left_as_they_are():
    html = render_markdown("`https://code.example` [見る](https://a.example)")
    assert "<code>https://code.example</code>" in html
    assert links(html) == [("https://a.example", "見る")]


def test_a_links_label_is_the_address_as_written_without_reordering_marks():
    """normalizeLinkText showed punycode as the letters it encodes: the Cyrillic look-alike of a
    well-known name read as that name; a right-to-left override could reverse how it read."""
    spoof = render_markdown("https://xn--80ak6aa92e.com/login")
    assert links(spoof) == [
        ("https://xn--80ak6aa92e.com/login", "https://xn--80ak6aa92e.com/login")
    ]
    reversed_label = links(render_markdown("https://example.com/\u202egnp.exe"))
    assert reversed_label and all("\u202e" not in label for _href, label in reversed_label)
