"""A post page keeps its whole comment thread as one fragment per set of facts it shows
(selectors.get_page_thread, post_cards._whole_thread): a warm page builds no comment, and any
fact a reader sees, shared or their own, makes a new one."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import make_member
from hiroba.accounts.models import Member
from hiroba.audit.models import AuditAction
from hiroba.posts.models import CommentStatus
from hiroba.posts.services import add_comment, add_reaction, delete_comment, publish_post
from hiroba.posts.services.visibility import change_comment


def _reader(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _page(client, post) -> str:
    return client.get(f"/p/{post.pk}/").content.decode()


def _comment_like_counts(html: str) -> list[str]:
    return re.findall(r'class="like-count">(\d+)<', html)[1:]  # the post's own count first


@pytest.fixture
def thread(alice, bob, charlie, recipes):
    post = publish_post(actor=alice, space=recipes, body="本文")
    top = add_comment(actor=bob, post=post, body="ボブのコメント")
    reply = add_comment(actor=charlie, post=post, body="チャーリーの返信", parent=top)
    return post, top, reply


def test_a_warm_thread_builds_no_comment(thread, charlie):
    post, _top, _reply = thread
    reader = _reader(charlie)
    cold = _page(reader, post)
    with CaptureQueriesContext(connection) as queries:
        warm = _page(reader, post)
    assert _thread(warm) == _thread(cold)
    # The comments' texts are read only to render them: a warm page reads their facts alone.
    assert not [q["sql"] for q in queries if '"posts_comment"."body_html"' in q["sql"]]


def _thread(page: str) -> str:
    """The comments' part of a page, CSRF tokens left out (each rendering masks them anew)."""
    thread = page.split('id="comment-list"')[1].split("</section>")[0]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", thread)


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_the_thread_follows_new_comments_likes_and_deletions(thread, alice, bob, charlie):
    post, top, reply = thread
    reader = _reader(alice)
    assert _comment_like_counts(_page(reader, post)) == ["0", "0"]
    add_reaction(actor=charlie, comment=top)
    assert _comment_like_counts(_page(reader, post)) == ["1", "0"]
    add_comment(actor=charlie, post=post, body="二つ目の返信", parent=top)
    page = _page(reader, post)
    assert "二つ目の返信" in page.split(f'id="replies-{top.pk}"')[1]
    delete_comment(actor=charlie, comment=reply)
    assert "チャーリーの返信" not in _page(reader, post)


def test_the_thread_follows_its_writers_names(thread, alice, bob):
    post, _top, _reply = thread
    reader = _reader(alice)
    assert "ボブ改め" not in _page(reader, post)
    Member.objects.filter(pk=bob.pk).update(display_name="ボブ改め")
    assert "ボブ改め" in _page(reader, post)


def test_a_hidden_comment_shows_its_reason_to_its_writer_only(thread, alice, bob, mod):
    post, top, _reply = thread
    bobs, alices = _reader(bob), _reader(alice)
    for client in (bobs, alices):
        assert "ボブのコメント" in _page(client, post)  # both warm the thread first
    change_comment(
        actor=mod,
        comment=top,
        action=AuditAction.COMMENT_HIDE,
        reason="個人情報",
        status=CommentStatus.HIDDEN,
    )
    bob_page, alice_page = _page(bobs, post), _page(alices, post)
    assert "ボブのコメント" in bob_page and "個人情報" in bob_page
    assert "ボブのコメント" not in alice_page and "個人情報" not in alice_page
    assert alice_page.count('class="comment"') == 1  # bob's, as a placeholder for the reply


def test_readers_never_get_each_others_likes_buttons_or_tokens(thread, alice, bob, charlie, mod):
    post, top, reply = thread
    dave, erin = make_member("dave"), make_member("erin")  # they wrote nothing here
    add_reaction(actor=dave, comment=top)
    readers = (dave, erin, charlie, alice, bob, mod)
    pages = {member.handle: _page(_reader(member), post) for member in readers}
    pressed = {handle: 'aria-pressed="true"' in page for handle, page in pages.items()}
    assert pressed == {handle: handle == "dave" for handle in pages}

    def delete_forms(html):
        return re.findall(r"/c/(\d+)/delete/", html)

    assert delete_forms(pages["charlie"]) == [str(reply.pk)]
    assert delete_forms(pages["bob"]) == [str(top.pk)]
    assert delete_forms(pages["alice"]) == []
    assert delete_forms(pages["mod"]) == [str(top.pk), str(reply.pk)]
    assert "/moderation/" in pages["mod"].split('id="comment-list"')[1]
    tokens = {handle: _token(page) for handle, page in pages.items()}
    assert len(set(tokens.values())) == len(readers)
    for handle, page in pages.items():
        others = [token for other, token in tokens.items() if other != handle]
        assert not any(token in page for token in others)
        assert not re.search(r"hiroba-[0-9a-f]{32}", page)  # no marker left behind


def test_an_official_accounts_comment_is_its_writers_to_delete(
    alice, cm, charlie, recipes, official
):
    """Written by staff as an official account: the writer deletes it; the account, were it to
    log in, would not. The thread tells them apart, though both are "theirs"."""
    post = publish_post(actor=alice, space=recipes, body="本文")
    comment = add_comment(actor=cm, post=post, body="公式からのお知らせ", as_account=official)
    assert comment.author_id == official.pk and comment.created_by_id == cm.pk
    assert re.findall(r"/c/(\d+)/delete/", _page(_reader(cm), post)) == [str(comment.pk)]
    assert re.findall(r"/c/(\d+)/delete/", _page(_reader(charlie), post)) == []
