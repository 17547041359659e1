"""The queue, word rules and the notices on held and hidden content, as pages."""

import pytest
from django.test import override_settings

from conftest import make_member
from hiroba.audit.models import AuditEntry
from hiroba.moderation.models import Report, WordRule
from hiroba.moderation.selectors import list_queue
from hiroba.moderation.services import report_content
from hiroba.posts.models import Status
from hiroba.posts.services import add_comment, publish_post

pytestmark = pytest.mark.django_db


def test_members_get_404_and_visitors_log_in(client, alice):
    for url in ("/moderation/", "/moderation/words/", "/moderation/post/1/"):
        assert client.get(url).status_code == 302
        client.force_login(alice)
        assert client.get(url).status_code == 404
        client.logout()
    client.force_login(alice)
    assert client.post("/moderation/act/post/1/", {"action": "hide"}).status_code == 404


@override_settings(HIROBA_RATE_POST="100/60", HIROBA_RATE_REPORT="100/60")
def test_the_queue_groups_reports_by_target_with_counts_and_reasons(
    client, alice, bob, charlie, mod, recipes, django_assert_max_num_queries
):
    reporters = [bob, charlie] + [make_member(f"reporter{i}") for i in range(3)]
    posts = [publish_post(actor=alice, space=recipes, body=f"投稿{i}") for i in range(25)]
    for post in posts:
        report_content(actor=bob, post=post, reason="spam")
    for reporter in reporters[1:]:
        report_content(actor=reporter, post=posts[0], reason="harassment", note="ひどい")
    comment = add_comment(actor=alice, post=posts[1], body="コメント")
    report_content(actor=bob, comment=comment, reason="privacy")
    report_content(actor=bob, member=alice, reason="impersonation")

    client.force_login(mod)
    with django_assert_max_num_queries(14):
        page = client.get("/moderation/")
    html = page.content.decode()
    assert page.status_code == 200
    # Most recently reported first: the member, the comment, then posts[0] (five reports).
    order = [f"queue-member-{alice.pk}", f"queue-comment-{comment.pk}", f"queue-post-{posts[0].pk}"]
    assert [html.index(f'id="{key}"') for key in order] == sorted(
        html.index(f'id="{key}"') for key in order
    )
    assert "ひどい" in html
    assert html.count('class="card mb-3 queue-item"') == 20
    items = list_queue().items
    top = next(i for i in items if i.target_id == posts[0].pk and i.target_type == "post")
    assert top.report_count == 5
    assert [count for _label, count in top.reasons] == [4, 1]
    # The next page by key: no item twice, none missing.
    seen = [(i.target_type, i.target_id) for i in items]
    later = list_queue(cursor=list_queue().next_cursor)
    seen += [(i.target_type, i.target_id) for i in later.items]
    assert len(seen) == len(set(seen)) == 27 and later.next_cursor is None
    more = client.get(
        f"/moderation/?cursor={list_queue().next_cursor}", headers={"HX-Request": "true"}
    )
    assert more.status_code == 200 and "<html" not in more.content.decode()


def test_one_click_hide_from_the_queue_with_a_reason(client, alice, bob, mod, recipes):
    post = publish_post(actor=alice, space=recipes, body="広告です")
    report_content(actor=bob, post=post, reason="spam")
    client.force_login(mod)
    response = client.post(
        f"/moderation/act/post/{post.pk}/",
        {"action": "hide", "reason": "広告は禁止です", "next": "/moderation/"},
    )
    assert response.status_code == 302 and response.url == "/moderation/"
    post.refresh_from_db()
    assert post.status == Status.HIDDEN
    assert AuditEntry.objects.get().reason == "広告は禁止です"
    assert "queue-empty" in client.get("/moderation/").content.decode()
    # Without a reason: a message, nothing changes.
    response = client.post(f"/moderation/act/post/{post.pk}/", {"action": "delete"}, follow=True)
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    post.refresh_from_db()
    assert post.deleted_at is None
    # An action that no longer fits (someone restored it meanwhile) is a message too.
    response = client.post(
        f"/moderation/act/post/{post.pk}/", {"action": "approve", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == "/moderation/"


def test_held_content_waits_in_the_queue_and_the_writer_sees_it_held(
    client, word_rule, alice, bob, mod, recipes
):
    word_rule("転売", "hold")
    post = publish_post(actor=alice, space=recipes, body="チケット転売します")
    client.force_login(alice)
    page = client.get(f"/p/{post.pk}/", headers={"Accept-Language": "en"}).content.decode()
    assert "Held for review." in page and "/moderation/report/" not in page
    client.force_login(mod)
    queue = client.get("/moderation/").content.decode()
    assert f'id="queue-post-{post.pk}"' in queue and 'value="approve"' in queue
    client.post(f"/moderation/act/post/{post.pk}/", {"action": "approve"})
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert Report.objects.get().resolution == "approved"


def test_held_and_hidden_comments_show_their_state_to_the_writer_only(
    client, word_rule, alice, bob, mod, recipes
):
    post = publish_post(actor=alice, space=recipes, body="本文")
    word_rule("連絡先", "hold")
    add_comment(actor=bob, post=post, body="連絡先を教えて")
    client.force_login(bob)
    mine = client.get(f"/p/{post.pk}/", headers={"Accept-Language": "en"}).content.decode()
    assert "連絡先を教えて" in mine and "Held for review" in mine
    client.force_login(alice)
    theirs = client.get(f"/p/{post.pk}/").content.decode()
    assert "連絡先を教えて" not in theirs
    client.force_login(mod)
    moderator = client.get(f"/p/{post.pk}/").content.decode()
    assert "連絡先を教えて" in moderator and "/moderation/comment/" in moderator


def test_word_rules_page_adds_toggles_and_removes_and_managers_set_the_new_member_hold(
    client, mod, cm
):
    client.force_login(mod)
    assert client.get("/moderation/words/").status_code == 200
    client.post("/moderation/words/", {"phrase": "ﾌﾘｰﾀﾝｸ", "action": "hold", "note": "規約"})
    rule = WordRule.objects.get()
    assert rule.folded == "ふりーたんく"
    duplicate = client.post("/moderation/words/", {"phrase": "フリータンク", "action": "block"})
    assert duplicate.status_code == 200 and "invalid-feedback" in duplicate.content.decode()
    client.post(f"/moderation/words/{rule.pk}/toggle/")
    rule.refresh_from_db()
    assert not rule.is_active
    client.post("/moderation/settings/hold/", {"hold_first_posts": "3"})  # moderators may not
    from hiroba.community.selectors import forget_community, get_community

    forget_community()
    assert get_community().hold_first_posts == 0
    client.post(f"/moderation/words/{rule.pk}/remove/")
    assert not WordRule.objects.exists()

    client.force_login(cm)
    client.post("/moderation/settings/hold/", {"hold_first_posts": "3"})
    forget_community()
    assert get_community().hold_first_posts == 3
    client.post("/moderation/settings/hold/", {"hold_first_posts": "-1"})
    forget_community()
    assert get_community().hold_first_posts == 3


def test_a_comment_hidden_after_its_fragment_was_cached_is_not_served_from_the_cache(
    client, alice, bob, charlie, mod, recipes
):
    post = publish_post(actor=alice, space=recipes, body="本文")
    comment = add_comment(actor=bob, post=post, body="あとで隠されるコメント")
    client.force_login(charlie)
    assert "あとで隠されるコメント" in client.get(f"/p/{post.pk}/").content.decode()
    from hiroba.moderation.services import moderate_comment

    moderate_comment(actor=mod, comment=comment, action="hide", reason="暴言")
    client.force_login(alice)  # another reader of the same kind: same cache entries
    assert "あとで隠されるコメント" not in client.get(f"/p/{post.pk}/").content.decode()
    api = client.get(f"/api/v1/posts/{post.pk}/comments").json()
    assert api["items"] == []
    client.force_login(bob)
    mine = client.get(f"/p/{post.pk}/").content.decode()
    assert "あとで隠されるコメント" in mine and "暴言" in mine


def test_the_guidelines_list_what_members_can_report():
    from django.template import Context, Template
    from django.utils.html import escape

    from hiroba.community.models import ReportReason

    html = Template("{% load moderation_tags %}{% guideline_reasons %}").render(Context())
    for _code, label in ReportReason.choices:
        assert escape(str(label)) in html
