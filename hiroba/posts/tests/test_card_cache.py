import re

from django.test import Client

from hiroba.posts.services import add_comment, add_reaction, edit_post, publish_post
from hiroba.posts.templatetags import post_cards


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
    seals = iter(["a" * 32, "b" * 32, "c" * 32, "d" * 32])
    monkeypatch.setattr(post_cards.secrets, "token_hex", lambda nbytes: next(seals))
    post = publish_post(actor=alice, space=recipes, body="本文")
    add_comment(actor=bob, post=post, body="最初のコメント")
    reader = Client()
    reader.force_login(charlie)
    reader.get(f"/p/{post.pk}/")  # the first comment is rendered under seal "a…"
    copied = f"hiroba-{'a' * 32}:csrf"
    add_comment(actor=bob, post=post, body=f"`{copied}`")
    page = reader.get(f"/p/{post.pk}/").content.decode()
    assert f"<code>{copied}</code>" in page
    assert not _token_outside_its_places(page)
