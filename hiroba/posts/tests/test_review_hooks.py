"""Posts screens and holds new content with what moderation registers from ready(): the word
list (a rule source) and the queue held content waits in."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from hiroba.moderation import holds as moderation_holds
from hiroba.moderation.selectors import active_word_rules
from hiroba.posts import holds, words


def test_moderation_registers_its_word_list_and_queue():
    assert words._rule_source is active_word_rules
    assert holds._queue.open_hold is moderation_holds.open_hold
    assert holds._queue.close_on_delete is moderation_holds.close_on_delete


def test_without_a_word_list_nothing_is_screened(monkeypatch):
    monkeypatch.setattr(words, "_rule_source", None)
    texts, found = words.screen({"body": "フリータンク"})
    assert texts == {"body": "フリータンク"} and not (found.blocked or found.held or found.masked)


def test_nothing_is_held_where_no_queue_would_show_it(monkeypatch):
    monkeypatch.setattr(holds, "_queue", None)
    with pytest.raises(ImproperlyConfigured):
        holds.open_hold(reason=holds.HoldReason.WORD_RULE, note="")
