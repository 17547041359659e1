import re

from django.test import Client
from django.urls import reverse

from hiroba.core import fragments
from hiroba.posts import selectors
from hiroba.posts.services import (
    add_comment,
    add_reaction,
    create_article,
    edit_post,
    publish_post,
    set_pinned,
)


def _like_counts(html: str) -> list[str]:
    return re.findall(r'class="like-count">(\d+)<', html)


def test_cached_cards_follow_likes_and_edits(client, alice, bob, charlie, recipes):
    post = publish_post(actor=alice, space=recipes, title="最初の題", body="本文")
    client.force_login(charlie)
    assert _like_counts(client.get("/").content.decode()) == ["0"]
    add_reaction(actor=bob, post=post)
    assert _like_counts(client.get("/").content.decode()) == ["1"]
    edit_post(actor=alice, post=post, title="直した題", body="本文")
    page = client.get("/").content.decode()
    assert "直した題" in page and "最初の題" not in page


def test_each_reader_gets_their_own_like_state_and_csrf_token(alice, bob, charlie, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    add_reaction(actor=bob, post=post)
    bobs, charlies = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    bobs.force_login(bob)
    charlies.force_login(charlie)
    bob_page = bobs.get("/").content.decode()
    charlie_page = charlies.get("/").content.decode()
    assert 'aria-pressed="true"' in bob_page and 'aria-pressed="true"' not in charlie_page
    assert not re.search(r"hiroba-[0-9a-f]{32}", charlie_page)  # no marker left behind
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', charlie_page).group(1)
    response = charlies.post(
        f"/p/{post.pk}/like/", {"csrfmiddlewaretoken": token, "action": "like"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.reaction_count == 2


def test_visitors_cards_send_them_back_to_the_page_they_were_on(client, alice, recipes):
    publish_post(actor=alice, space=recipes, body="本文")
    assert "next=/s/recipes/" in client.get("/s/recipes/").content.decode()
    home = client.get("/").content.decode()
    assert "next=/s/recipes/" not in home and "next=/" in home


def test_cached_comments_keep_replies_likes_and_each_readers_delete_button(
    alice, bob, charlie, mod, recipes
):
    post = publish_post(actor=alice, space=recipes, body="本文")
    top = add_comment(actor=bob, post=post, body="ボブのコメント")
    add_comment(actor=charlie, post=post, body="チャーリーの返信", parent=top)
    readers = {}
    for member in (bob, charlie, mod):
        readers[member.handle] = Client()
        readers[member.handle].force_login(member)
    page = readers["charlie"].get(f"/p/{post.pk}/").content.decode()
    assert (
        page.index("ボブのコメント")
        < page.index(f'id="replies-{top.pk}"')
        < page.index("チャーリーの返信")
    )

    def delete_forms(html):
        return re.findall(r"/c/(\d+)/delete/", html)

    assert delete_forms(page) == [str(top.pk + 1)]  # only charlie's own reply
    assert delete_forms(readers["bob"].get(f"/p/{post.pk}/").content.decode()) == [str(top.pk)]
    assert len(delete_forms(readers["mod"].get(f"/p/{post.pk}/").content.decode())) == 2
    add_reaction(actor=alice, comment=top)
    page = readers["charlie"].get(f"/p/{post.pk}/").content.decode()
    assert _like_counts(page)[1:] == ["1", "0"]  # the post's count first, then the comments'
    assert not re.search(r"hiroba-[0-9a-f]{32}", page)  # no marker left behind


def test_a_warm_thread_never_touches_the_database_cache(
    settings, alice, bob, recipes, database_cache
):
    """The embedded default's cache is a table whose every write counts its rows: fragments
    live in each process's memory instead, so a warm thread page runs only its own queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.HIROBA_RATE_COMMENT = "500/60"
    post = publish_post(actor=alice, space=recipes, body="本文")
    for i in range(15):
        top = add_comment(actor=bob, post=post, body=f"コメント {i}")
        add_comment(actor=alice, post=post, body=f"返信 {i}", parent=top)
    reader = Client()
    reader.force_login(bob)
    reader.get(f"/p/{post.pk}/")
    with CaptureQueriesContext(connection) as queries:
        page = reader.get(f"/p/{post.pk}/").content.decode()
    assert [q["sql"] for q in queries if ":comment:" in q["sql"] or ":card:" in q["sql"]] == []
    assert len(queries) <= 12
    assert page.count("返信 ") == 15


def _csrf_token_of(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _token_outside_its_places(page: str) -> bool:
    """Whether the reader's CSRF token shows anywhere but in a form field or htmx's header."""
    token = _csrf_token_of(page)
    page = page.replace(f'name="csrfmiddlewaretoken" value="{token}"', "")
    return token in page.replace(f'"X-CSRFToken": "{token}"', "")


def test_text_that_reads_like_a_marker_never_prints_the_readers_csrf_token(
    alice, bob, charlie, recipes
):
    """The markers were fixed strings once: a title or comment containing one showed each
    logged-in reader their own CSRF token, and a comment could pull its replies into itself."""
    old_markers = "__hiroba_csrf_token__ __hiroba_replies__"
    post = publish_post(actor=alice, space=recipes, title=old_markers, body="本文")
    top = add_comment(actor=bob, post=post, body=f"`{old_markers}`")
    add_comment(actor=alice, post=post, body="アリスの返信", parent=top)
    reader = Client()
    reader.force_login(charlie)
    for page in (reader.get("/").content.decode(), reader.get(f"/p/{post.pk}/").content.decode()):
        assert not _token_outside_its_places(page)
        assert old_markers in page
    thread = reader.get(f"/p/{post.pk}/").content.decode()
    body = re.search(
        rf'id="comment-{top.pk}".*?class="comment-body mt-1">(.*?)</div>', thread, re.S
    )
    assert body.group(1).strip() == f"<p><code>{old_markers}</code></p>"
    assert "アリスの返信" in thread.split(f'id="replies-{top.pk}"')[1]


def test_a_fragments_markers_are_its_own(monkeypatch, alice, bob, charlie, recipes):
    """Each rendering draws its own seal: text copying an earlier fragment's marker into a new
    comment is left as written."""
    seals = iter(letter * 32 for letter in "abcdefghij")
    monkeypatch.setattr(fragments.secrets, "token_hex", lambda nbytes: next(seals))
    post = publish_post(actor=alice, space=recipes, body="本文")
    add_comment(actor=bob, post=post, body="最初のコメント")
    reader = Client()
    reader.force_login(charlie)
    reader.get(f"/p/{post.pk}/")  # the navigation, the thread and its comment: seals "a" to "c"
    copied = " ".join(f"hiroba-{letter * 32}:csrf" for letter in "abc")
    add_comment(actor=bob, post=post, body=f"`{copied}`")
    page = reader.get(f"/p/{post.pk}/").content.decode()
    assert f"<code>{copied}</code>" in page
    assert not _token_outside_its_places(page)


def _titles(html: str) -> list[str]:
    return re.findall(r'id="post-\d+-title"><a [^>]*>([^<]*)<', html)


def test_only_the_cards_not_cached_are_loaded(monkeypatch, alice, bob, charlie, recipes):
    """Feed pages read Cards (posts.cards); the full posts are loaded for the missing ones."""
    posts = [
        publish_post(actor=alice, space=recipes, title=f"題 {i}", body="本文") for i in range(3)
    ]
    loaded = []
    load = selectors.posts_for_cards
    monkeypatch.setattr(selectors, "posts_for_cards", lambda ids: loaded.append(ids) or load(ids))
    reader = Client()
    reader.force_login(charlie)

    assert _titles(reader.get("/").content.decode()) == ["題 2", "題 1", "題 0"]
    assert reader.get("/").status_code == 200
    add_reaction(actor=bob, post=posts[1])
    page = reader.get("/").content.decode()

    assert [sorted(ids) for ids in loaded] == [sorted(p.pk for p in posts), [posts[1].pk]]
    assert _like_counts(page) == ["0", "1", "0"]


def test_pinned_cards_show_above_the_feed_of_their_own_page(
    settings, client, alice, cm, editor, official, recipes, lounge
):
    settings.HIROBA_RATE_POST = "500/60"
    article = create_article(
        actor=editor, as_account=official, title="お知らせ", body="本文", publish="now"
    )
    in_recipes = publish_post(actor=alice, space=recipes, title="レシピの決まり", body="本文")
    in_lounge = publish_post(actor=cm, space=lounge, title="雑談の決まり", body="本文")
    for post in (article, in_recipes, in_lounge):
        set_pinned(actor=cm, post=post, pinned=True)
    publish_post(actor=alice, space=recipes, title="新しい投稿", body="本文")
    client.force_login(alice)

    for _rendering in ("cold", "warm"):
        home = client.get("/").content.decode()
        space = client.get("/s/recipes/").content.decode()
        assert (
            _titles(home)[0] == "お知らせ" and home.count("お知らせ") == 2
        )  # pinned, then in the feed
        assert _titles(space)[:2] == ["レシピの決まり", "新しい投稿"]
        assert "雑談の決まり" not in space and "お知らせ" not in space


def test_every_feed_page_and_its_next_page_show_their_cards(
    settings, client, alice, bob, editor, official, recipes
):
    settings.HIROBA_RATE_POST = "500/60"
    create_article(
        actor=editor, as_account=official, title="記事", body="#トマト 本文", publish="now"
    )
    for i in range(25):
        publish_post(actor=alice, space=recipes, title=f"投稿 {i}", body="#トマト 本文")
    client.force_login(bob)
    pages = {
        "/": 20,
        "/?order=popular": 20,
        "/s/recipes/": 20,
        f"/members/{alice.handle}/": 20,
        "/articles/": 1,
        reverse("posts:tag", args=["トマト"]): 20,
    }
    for path, count in pages.items():
        response = client.get(path)
        assert len(_titles(response.content.decode())) == count, path
        cursor = response.context["page"].next_cursor
        if cursor is None:
            continue
        more = client.get(
            path + ("&" if "?" in path else "?") + f"cursor={cursor}", HTTP_HX_REQUEST="true"
        )
        shown = _titles(more.content.decode())
        assert shown and "<html" not in more.content.decode(), path
        assert not set(shown) & set(_titles(response.content.decode())), path
