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
