"""Messages render in the reader's language from the stored params, with the params escaped."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from hiroba.notifications.messages import Category, register, registered_verbs, render_message
from hiroba.notifications.tests.conftest import ROLE, SUSPENDED


def test_the_reader_language_decides_not_the_sender(alice):
    params = {"name": "Bob"}
    with translation.override("ja"):
        assert render_message(SUSPENDED, params, alice) == "Bobさんを利用停止にしました。"
    with translation.override("en"):
        assert render_message(SUSPENDED, params, alice) == "Bob is suspended."


def test_formatters_run_in_the_reader_language(alice):
    params = {"name": "Bob", "role": "moderator"}
    with translation.override("en"):
        assert render_message(ROLE, params, alice) == "Bob is now Moderator."
    with translation.override("ja"):
        text = render_message(ROLE, params, alice)
    assert text.startswith("Bobさんの役割を「") and "Moderator" not in text


def test_params_are_escaped_in_html_and_plain_in_text(alice):
    params = {"name": '<script>alert("x")</script> & co'}
    with translation.override("en"):
        html = render_message(SUSPENDED, params, alice)
        text = render_message(SUSPENDED, params, alice, html=False)
    assert "<script>" not in html
    assert html == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co is suspended."
    assert text == '<script>alert("x")</script> & co is suspended.'


def test_the_actor_fills_in_by_default_and_missing_params_read_empty(alice):
    register("test_actor", gettext_lazy("%(actor)s is suspended."), category=Category.OWN)
    with translation.override("en"):
        assert render_message("test_actor", {}, alice) == "アリス is suspended."
        assert render_message("test_actor", {}, None) == "Someone is suspended."
        assert render_message(SUSPENDED, {}, alice) == " is suspended."


def test_an_unknown_verb_still_shows_something(alice):
    with translation.override("en"):
        assert render_message("gone_app_verb", {"x": 1}, alice) == "You have a new notification."


def test_long_params_are_cut(alice):
    with translation.override("en"):
        text = render_message(SUSPENDED, {"name": "あ" * 500}, alice, html=False)
    assert len(text) < 250 and "…" in text


@pytest.mark.parametrize("verb", ["", "Bad", "with space", "x" * 41, "1abc"])
def test_bad_verbs_are_refused(verb):
    with pytest.raises(ValueError):
        register(verb, gettext_lazy("Hello"))


def test_unknown_categories_are_refused():
    with pytest.raises(ValueError):
        register("test_x", gettext_lazy("Hello"), category="nope")


def test_the_site_events_are_registered():
    assert {"comment", "answer", "reply", "answer_accepted"} <= set(registered_verbs())
