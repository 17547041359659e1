"""Word rules: find staff's forbidden words in a text after normalization, and mask them.

Matching happens on a folded copy of the text (NFKC, case folded, katakana as hiragana: the
same folding as search), so ﾌﾘｰﾀﾝｸ, フリータンク and ふりーたんく are one word. Masking must
change the text the member wrote, not the folded copy, and folding changes lengths (ﾀﾞ is two
characters that fold into one, ß folds into two), so every folded character remembers the span
of original characters it came from.

Screening new content is posts' rule; the list of words is the staff's, kept by moderation
(``WordRule``), which hands posts the function that reads the active rules from its
AppConfig.ready() (posts sits below moderation and does not import it).
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MASK = "＊"
# Full-width, so that Markdown never reads the mask as emphasis.


class WordAction(models.TextChoices):
    BLOCK = "block", gettext_lazy("Block: refuse the text with a message")
    HOLD = "hold", gettext_lazy("Hold for review: invisible to others until approved")
    MASK = "mask", gettext_lazy("Mask: replace the word with ＊")


class Rule(Protocol):
    """What screening reads of a rule (moderation's ``WordRule`` model has these fields)."""

    phrase: str
    folded: str  # fold_phrase(phrase)
    action: str  # a WordAction


_rule_source: Callable[[], list[Rule]] | None = None


def set_rule_source(source: Callable[[], list[Rule]]) -> None:
    """Name the function that returns the active rules (moderation calls this from ready())."""
    global _rule_source
    _rule_source = source


_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_ASCII_WORD = re.compile(r"[0-9a-z]")


def _fold_piece(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return unicodedata.normalize("NFKC", folded).translate(_KATAKANA_TO_HIRAGANA)


def _joins_previous(char: str) -> bool:
    """Marks that NFKC merges into the character before (ﾞ, ﾟ, combining accents)."""
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFKC", char)[:1])


def fold_with_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The folded text, and for each folded character the [start, end) of its source in ``text``.

    White space runs fold to one space, as in search.
    """
    folded: list[str] = []
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = start + 1
        while end < len(text) and _joins_previous(text[end]):
            end += 1
        piece = _fold_piece(text[start:end])
        for char in piece:
            if char.isspace():
                if folded and folded[-1] == " ":
                    spans[-1] = (spans[-1][0], end)
                    continue
                char = " "
            folded.append(char)
            spans.append((start, end))
        start = end
    return "".join(folded), spans


def fold_phrase(phrase: str) -> str:
    return " ".join(fold_with_spans(phrase)[0].split())


@dataclass
class Screening:
    """What the active rules found in a text: words to block, to hold for, and the masked text."""

    blocked: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    masked: list[str] = field(default_factory=list)

    @property
    def hold(self) -> bool:
        return bool(self.held)


def _matches(folded: str, phrase: str):
    """Start offsets of ``phrase`` in ``folded``; a Latin word must stand alone ("ass" ≠ "class")."""
    latin_edges = bool(_ASCII_WORD.match(phrase[0])), bool(_ASCII_WORD.match(phrase[-1]))
    at = folded.find(phrase)
    while at != -1:
        end = at + len(phrase)
        before_ok = not latin_edges[0] or at == 0 or not _ASCII_WORD.match(folded[at - 1])
        after_ok = not latin_edges[1] or end == len(folded) or not _ASCII_WORD.match(folded[end])
        if before_ok and after_ok:
            yield at
        at = folded.find(phrase, at + 1)


def active_rules() -> list[Rule]:
    """The rules in force; none while no app keeps a word list."""
    return list(_rule_source()) if _rule_source is not None else []


def _mask_text(text: str, rules: list[Rule], found: list[str]) -> str:
    folded, spans = fold_with_spans(text)
    masked = [False] * len(text)
    for rule in rules:
        for at in _matches(folded, rule.folded):
            first, last = spans[at][0], spans[at + len(rule.folded) - 1][1]
            for index in range(first, last):
                masked[index] = True
            if rule.phrase not in found:
                found.append(rule.phrase)
    if not any(masked):
        return text
    return "".join(
        MASK if hide and not char.isspace() else char
        for char, hide in zip(text, masked, strict=True)
    )


def screen(texts: dict[str, str], *, rules: list[Rule] | None = None) -> tuple[dict, Screening]:
    """Check ``texts`` (field name → text) against the active rules.

    Raises ValidationError naming the blocked words (on the field where they were found), so
    nothing is saved. Returns the texts with masked words replaced, and what was found.
    """
    rules = active_rules() if rules is None else rules
    result = Screening()
    if not rules:
        return texts, result
    errors: dict[str, list[str]] = {}
    for name, text in texts.items():
        folded = fold_with_spans(text)[0]
        for rule in rules:
            # (An offset of 0 is a match too: test for "any offset", not for a truthy one.)
            if rule.action == WordAction.MASK or next(_matches(folded, rule.folded), None) is None:
                continue
            if rule.action == WordAction.BLOCK:
                errors.setdefault(name, []).append(rule.phrase)
                result.blocked.append(rule.phrase)
            elif rule.phrase not in result.held:
                result.held.append(rule.phrase)
    if errors:
        raise ValidationError(
            {
                name: _("This text contains words the community guidelines do not allow: %(words)s")
                % {"words": "、".join(f"「{word}」" for word in words)}
                for name, words in errors.items()
            },
            code="blocked_words",
        )
    masks = [rule for rule in rules if rule.action == WordAction.MASK]
    cleaned = {name: _mask_text(text, masks, result.masked) for name, text in texts.items()}
    return cleaned, result
