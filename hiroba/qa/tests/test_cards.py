"""Question cards in feeds: a question badge, and "solved" once an answer is accepted."""

from django.test import Client

from hiroba.posts.services import add_comment
from hiroba.qa.services import accept_answer, ask_question


def test_a_feed_card_shows_solved_once_an_answer_is_accepted(question, alice, bob):
    client = Client()
    client.force_login(bob)
    answer = add_comment(actor=bob, post=question.post, body="一週間くらいが目安です")
    card = client.get("/s/recipes/").content.decode().split(f'id="post-{question.pk}-title"')[0]
    assert "badge text-bg-info" in card and "text-bg-success" not in card
    accept_answer(actor=alice, question=question, answer=answer)
    card = client.get("/s/recipes/").content.decode().split(f'id="post-{question.pk}-title"')[0]
    assert "text-bg-success" in card  # the cached card was not served: its state is in the key


def test_a_question_can_be_reported_and_its_asker_reads_why_it_was_hidden(
    question, alice, bob, mod
):
    from hiroba.moderation.services import moderate_post

    page = Client()
    page.force_login(bob)
    html = page.get(f"/questions/{question.pk}/").content.decode()
    assert f"/moderation/report/post/{question.pk}/" in html
    moderate_post(actor=mod, post=question.post, action="hide", reason="宣伝目的の投稿")
    page.force_login(alice)
    html = page.get(f"/questions/{question.pk}/").content.decode()
    assert 'id="moderation-notice"' in html and "宣伝目的の投稿" in html
    page.force_login(bob)
    assert page.get(f"/questions/{question.pk}/").status_code == 404


def test_structured_data_counts_only_what_everyone_sees(question, alice, bob, charlie, mod):
    import json
    import re

    from hiroba.moderation.services import moderate_comment

    add_comment(actor=bob, post=question.post, body="冷蔵で一週間です")
    add_comment(actor=alice, post=question.post, body="補足: 開封済みです")  # a follow-up
    hidden = add_comment(actor=charlie, post=question.post, body="宣伝リンク")
    moderate_comment(actor=mod, comment=hidden, action="hide", reason="宣伝")
    page = Client()
    page.force_login(mod)  # a moderator sees the hidden answer on the page, not in the data
    html = page.get(f"/questions/{question.pk}/").content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["mainEntity"]["answerCount"] == 1
    assert [a["text"] for a in data["mainEntity"]["suggestedAnswer"]] == ["冷蔵で一週間です"]


def test_a_held_question_and_a_held_answer_are_announced_as_held(alice, bob, mod, recipes):
    from hiroba.moderation.services import add_word_rule

    add_word_rule(actor=mod, phrase="フリータンク", action="hold")
    page = Client()
    page.force_login(alice)
    response = page.post(
        "/questions/ask/recipes/",
        {"title": "フリータンクの使い方は?", "body": "教えてください"},
        follow=True,
    )
    assert "質問は確認待ちです" in response.content.decode()
    question = ask_question(actor=alice, space=recipes, title="格安SIMの選び方", body="?")
    page.force_login(bob)
    response = page.post(
        f"/questions/{question.pk}/answers/", {"body": "フリータンクが便利です"}, follow=True
    )
    assert "回答は確認待ちです" in response.content.decode()
