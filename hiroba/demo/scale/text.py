"""Pools of pre-rendered paragraphs, titles and comments; posts and comments are joined from them.

A pool entry is ``(text, html, search, tags)``: the Markdown text, its HTML from the real
renderer, its normalized search text and its hashtags. Joining entries with a blank line between
them gives a body whose HTML, search text and tags are the joined parts (see words.py).
"""

import random
import string

from hiroba.core.markdown import render_markdown
from hiroba.core.text import extract_hashtags, fold_for_search
from hiroba.demo.scale import words

Entry = tuple[str, str, str, tuple[str, ...]]


class _Slots(dict):
    """Fills each ``{slot}`` with a random value of that slot."""

    def __init__(self, rng: random.Random, values: dict[str, list[str]]):
        super().__init__()
        self.rng, self.values = rng, values

    def __missing__(self, key: str) -> str:
        return self.rng.choice(self.values[key])


def _fields(template: str) -> bool:
    return any(name for _t, name, _f, _c in string.Formatter().parse(template) if name)


def _variants(rng, templates, values, per_template: int) -> list[str]:
    out: dict[str, None] = {}
    for template in templates:
        for _ in range(per_template if _fields(template) else 1):
            out.setdefault(template.format_map(_Slots(rng, values)), None)
    return list(out)


def _entry(text: str) -> Entry:
    return (text, render_markdown(text), fold_for_search(text), tuple(extract_hashtags(text)))


def _taglines(rng, tags: list[str], count: int) -> list[Entry]:
    lines: dict[str, None] = {}
    for _ in range(count):
        lines.setdefault(" ".join(rng.sample(tags, min(len(tags), rng.randint(1, 3)))), None)
    return [_entry(line) for line in lines]


class Pools:
    """Everything text, built once per run from the run's random generator."""

    def __init__(self, rng: random.Random, *, variants: int = 12):
        ja, en = words.SLOTS_JA, words.SLOTS_EN
        self.openers: dict[tuple[str, bool], list[Entry]] = {}
        self.titles: dict[tuple[str, bool], list[tuple[str, str]]] = {}
        self.taglines: dict[tuple[str, bool], list[Entry]] = {}
        en_openers = [_entry(t) for t in _variants(rng, words.OPENERS_EN, en, variants)]
        en_titles = [(t, fold_for_search(t)) for t in _variants(rng, words.TITLES_EN, en, variants)]
        en_tags = _taglines(rng, words.TAGS_EN, 20)
        for slug, *_rest in words.SPACES:
            # The English corner has only English posts; the other spaces have both.
            topic = slug if slug in words.OPENERS_JA else "chat"
            openers = words.OPENERS_JA[topic]
            self.openers[slug, False] = [_entry(t) for t in _variants(rng, openers, ja, variants)]
            self.titles[slug, False] = [
                (t, fold_for_search(t))
                for t in _variants(rng, words.TITLES_JA[topic], ja, variants)
            ]
            self.taglines[slug, False] = _taglines(rng, words.TAGS_JA[topic], 20)
            self.openers[slug, True] = en_openers
            self.titles[slug, True] = en_titles
            self.taglines[slug, True] = en_tags
        self.middles = {
            False: [_entry(t) for t in _variants(rng, words.MIDDLES_JA, ja, variants)],
            True: [_entry(t) for t in _variants(rng, words.MIDDLES_EN, en, variants)],
        }
        self.closers = {
            False: [_entry(t) for t in _variants(rng, words.CLOSERS_JA, ja, variants)],
            True: [_entry(t) for t in _variants(rng, words.CLOSERS_EN, en, variants)],
        }
        self.comments = {
            False: [_entry(t) for t in _variants(rng, words.COMMENTS_JA, ja, variants)],
            True: [_entry(t) for t in _variants(rng, words.COMMENTS_EN, en, variants)],
        }
        self.replies = {
            False: [_entry(t) for t in words.REPLIES_JA],
            True: [_entry(t) for t in words.REPLIES_EN],
        }


def join(parts: list[Entry], title_search: str = "") -> tuple[str, str, str, list[str]]:
    """Body, HTML, search text and distinct tags of paragraphs joined by blank lines."""
    body = "\n\n".join(p[0] for p in parts)
    html = "".join(p[1] for p in parts)
    search = " ".join(p[2] for p in parts)  # search text folds all white space to one space
    if title_search:
        search = f"{title_search} {search}"
    tags: dict[str, None] = {}
    for part in parts:
        for tag in part[3]:
            tags.setdefault(tag, None)
    return body, html, search, list(tags)
