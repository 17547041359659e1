"""Moderators read members' Markdown as its words: in the queue, on a report and in the audit log."""

import pytest

from hiroba.community.services import create_space
from hiroba.ideas.services import change_idea_status, submit_idea
from hiroba.moderation.services import report_content
from hiroba.posts.services import publish_post

pytestmark = pytest.mark.django_db


def test_the_queue_and_the_api_show_a_reported_post_as_plain_text(client, alice, bob, mod, recipes):
    post = publish_post(
        actor=alice, space=recipes, body="**今だけ**無料！ [こちら](https://spam.example)"
    )
    report_content(actor=bob, reason="spam", post=post)

    client.force_login(mod)
    page = client.get("/moderation/").content.decode()
    assert "今だけ無料！ こちら" in page and "**" not in page
    items = client.get("/api/v1/moderation/queue").json()["items"]
    assert items[0]["excerpt"] == "今だけ無料！ こちら"


def test_the_audit_log_shows_a_markdown_note_as_text(client, alice, cm):
    space = create_space(actor=cm, slug="ideas", name="アイデア", allows_ideas=True)
    idea = submit_idea(actor=alice, space=space, title="小さいボトル", body="ほしいです")
    change_idea_status(actor=cm, idea=idea, status="planned", note="**来春**に発売します")

    client.force_login(cm)
    page = client.get("/moderation/audit/").content.decode()
    assert "来春に発売します" in page and "**来春**" not in page
