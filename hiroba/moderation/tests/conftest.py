import pytest

from hiroba.moderation.services import add_word_rule


@pytest.fixture
def word_rule(mod):
    """Add a rule as the moderator: ``word_rule("フリータンク", "hold")``."""

    def make(phrase: str, action: str, note: str = ""):
        return add_word_rule(actor=mod, phrase=phrase, action=action, note=note)

    return make
