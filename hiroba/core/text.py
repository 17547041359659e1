"""Text normalization shared by hashtags, handles and search, and the check of what members
write in a text field."""

import re
import unicodedata
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_TITLE = 120  # the title column of posts (questions and ideas are posts)


def clean_text(value: str | None, *, field: str, max_length: int, required: bool = True) -> str:
    """``value`` stripped, or a ValidationError on ``field``: empty (when ``required``), longer
    than ``max_length``, or holding a NUL (which PostgreSQL refuses in text)."""
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("This field cannot be empty.")}, code="required")
    if len(text) > max_length:
        raise ValidationError(
            {
                field: _("Please keep this under %(max)d characters (it has %(len)d).")
                % {"max": max_length, "len": len(text)}
            },
            code="too_long",
        )
    if "\x00" in text:
        raise ValidationError({field: _("The text contains an invalid character.")}, code="invalid")
    return text


# "#" or the full-width "＃", then letters, digits, kana, kanji, "_" and the long-vowel mark "ー".
# Python's \w is Unicode-aware, so it already covers kana and kanji. A match is only a candidate:
# find_hashtags decides whether it names a tag.
HASHTAG_RE = re.compile(r"(?<![\w&/])[#＃]([\wー]{1,50})")
TAG_CHARACTER_RE = re.compile(r"[\wー]")
TAG_MAX_LENGTH = 50  # Tag.name's column


def normalize(text: str) -> str:
    """NFKC-fold and lowercase, so that full-width and half-width forms compare equal."""
    return unicodedata.normalize("NFKC", text or "").casefold().strip()


def normalize_tag(name: str) -> str:
    return normalize(name).lstrip("#")


def hashtag_name(written: str) -> str | None:
    """The tag that ``written`` (a hashtag without its "#", or a tag page's name) stands for, or
    None when it names no tag.

    The one rule for what is a tag, shared by the tags a post gets, the links its text shows and
    the tag page: the NFKC-folded, case-folded name is 1–50 word characters (combining marks
    that folding leaves, as in "i̇", included) and not only digits ("#1" is a number, not a tag).
    Folding can lengthen a name ("㍿" is four characters, "ß" two) or bring in other characters
    ("⑴" is "(1)"); such a name is refused whole rather than cut, so that the link and the tag
    are always the same name.
    """
    name = normalize_tag(written)
    if not 0 < len(name) <= TAG_MAX_LENGTH or name.isdigit():
        return None
    if not all(_is_tag_character(c) for c in name):
        return None
    return name


def _is_tag_character(character: str) -> bool:
    return TAG_CHARACTER_RE.fullmatch(character) is not None or (
        unicodedata.category(character).startswith("M")
    )


def find_hashtags(text: str) -> Iterator[tuple[int, int, str]]:
    """Where ``text`` has hashtags: (start, end, tag name) for each, in order.

    Matched on the text as written, so that Markdown can link exactly these spans; callers
    compose it to NFC first (which changes nothing a reader sees), as extract_hashtags does.
    """
    for match in HASHTAG_RE.finditer(text):
        name = hashtag_name(match.group(1))
        if name is not None:
            yield match.start(), match.end(), name


def extract_hashtags(text: str) -> list[str]:
    """The distinct hashtags of a text, normalized, in order of first appearance."""
    seen: dict[str, None] = {}
    for _start, _end, name in find_hashtags(unicodedata.normalize("NFC", text or "")):
        seen.setdefault(name, None)
    return list(seen)


# Katakana (ァ..ヶ) folds onto hiragana (ぁ..ゖ): フリータンク and ふりーたんく match each other.
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


def fold_for_search(text: str) -> str:
    """What search compares: NFKC (half-width ｶﾅ and full-width ＡＢＣ become ordinary), case
    folded, katakana as hiragana, runs of white space as one space."""
    folded = normalize(text).translate(_KATAKANA_TO_HIRAGANA)
    return " ".join(folded.split())


def search_text(*parts: str) -> str:
    """The folded text a search matches against (substring match works for Japanese)."""
    return " ".join(fold_for_search(p) for p in parts if p)


def search_terms(query: str, *, limit: int = 5) -> list[str]:
    """The folded words of a search query (at most ``limit``), each matched as a substring."""
    # Control characters (NUL among them, which PostgreSQL refuses in text) separate words.
    cleaned = "".join(" " if unicodedata.category(c) == "Cc" else c for c in query[:200])
    terms: list[str] = []
    for word in fold_for_search(cleaned).split():
        if word not in terms:
            terms.append(word)
    return terms[:limit]
