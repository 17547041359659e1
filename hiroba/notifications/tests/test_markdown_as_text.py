"""Members write Markdown; notifications and their e-mails show its words, never its marks."""

import pytest
from django.core import mail
from django.utils import translation

from hiroba.ideas.services import change_idea_status, submit_idea
from hiroba.notifications.messages import render_message
from hiroba.notifications.models import Notification
from hiroba.posts.services import add_comment, publish_post

pytestmark = pytest.mark.django_db

MARKED = "**ゆず胡椒**の*パスタ*を作りました"
WORDS = "ゆず胡椒のパスタを作りました"


def test_an_untitled_post_is_named_by_its_words(client, alice, bob, recipes, on_commit):
    post = publish_post(actor=alice, space=recipes, body=MARKED)
    with on_commit():
        add_comment(actor=bob, post=post, body="おいしそう")

    notice = Notification.objects.get(recipient=alice)
    assert notice.params["title"] == WORDS
    (message,) = mail.outbox
    assert WORDS in message.subject and "*" not in message.subject
    assert WORDS in message.body and "*" not in message.body
    client.force_login(alice)
    page = client.get("/notifications/").content.decode()
    assert WORDS in page and "**" not in page


def test_a_staff_note_in_markdown_reads_as_plain_text(client, alice, cm, on_commit, settings):
    settings.HIROBA_RATE_POST = "1000/60"
    from hiroba.community.services import create_space

    space = create_space(actor=cm, slug="ideas", name="アイデア", allows_ideas=True)
    idea = submit_idea(actor=alice, space=space, title="小さいボトル", body="ほしいです")
    with on_commit():
        change_idea_status(
            actor=cm, idea=idea, status="planned", note="**来春**に発売します。\n\n- 150ml\n- 300ml"
        )

    notice = Notification.objects.get(recipient=alice)
    with translation.override("ja"):
        text = render_message(notice.verb, notice.params, notice.actor, html=False)
    assert text.endswith("来春に発売します。 150ml 300ml"), text
    (message,) = mail.outbox
    for part in (message.subject, message.body):
        assert "来春に発売します。" in part and "**" not in part and "- 150ml" not in part
    client.force_login(alice)
    page = client.get("/notifications/").content.decode()
    assert "来春に発売します。" in page and "**" not in page
