"""Question cards in feeds: a question badge, and "solved" once an answer is accepted."""

from django.test import Client

from hiroba.posts.services import add_comment
from hiroba.qa.services import accept_answer


def test_a_feed_card_shows_solved_once_an_answer_is_accepted(question, alice, bob):
    client = Client()
    client.force_login(bob)
    answer = add_comment(actor=bob, post=question.post, body="一週間くらいが目安です")
    card = client.get("/s/recipes/").content.decode().split(f'id="post-{question.pk}-title"')[0]
    assert "badge text-bg-info" in card and "text-bg-success" not in card
    accept_answer(actor=alice, question=question, answer=answer)
    card = client.get("/s/recipes/").content.decode().split(f'id="post-{question.pk}-title"')[0]
    assert "text-bg-success" in card  # the cached card was not served: its state is in the key
