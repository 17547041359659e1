"""The console's page of one member lists what they wrote as plain text."""

import pytest

from hiroba.posts.services import add_comment, publish_post
from hiroba.qa.services import ask_question

pytestmark = pytest.mark.django_db


def test_untitled_posts_and_answers_show_their_words_not_their_marks(
    client, alice, bob, cm, recipes
):
    publish_post(actor=alice, space=recipes, body="**週末**の*作り置き*")
    question = ask_question(actor=bob, space=recipes, title="保存方法は？", body="教えてください")
    add_comment(actor=alice, post=question.post, body="`冷凍`が**おすすめ**です")

    client.force_login(cm)
    page = client.get("/console/members/alice/").content.decode()
    assert "週末の作り置き" in page and "冷凍がおすすめです" in page
    assert "**" not in page and "`" not in page
