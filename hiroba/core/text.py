"""Text normalization shared by hashtags, handles and search."""

import re
import unicodedata

# "#" or the full-width "＃", then letters, digits, kana, kanji, "_" and the long-vowel mark "ー".
# Python's \w is Unicode-aware, so it already covers kana and kanji.
HASHTAG_RE = re.compile(r"(?<![\w&/])[#＃]([\wー]{1,50})")


def normalize(text: str) -> str:
    """NFKC-fold and lowercase, so that full-width and half-width forms compare equal."""
    return unicodedata.normalize("NFKC", text or "").casefold().strip()


def normalize_tag(name: str) -> str:
    return normalize(name).lstrip("#")


def extract_hashtags(text: str) -> list[str]:
    """The distinct hashtags of a text, normalized, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in HASHTAG_RE.finditer(unicodedata.normalize("NFKC", text or "")):
        tag = normalize_tag(match.group(1))
        if tag and not tag.isdigit():
            seen.setdefault(tag, None)
    return list(seen)


def search_text(*parts: str) -> str:
    """The normalized text a search matches against (substring match works for Japanese)."""
    return " ".join(normalize(p) for p in parts if p)
