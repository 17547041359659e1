"""Markdown to safe HTML: markdown-it-py renders (raw HTML off), nh3 sanitizes what comes out.

Hashtags in text (``#ごま料理``) become links to their tag page; code spans and links are left
alone because the rule only rewrites plain text tokens outside links. A hashtag is linked only if
it is one of the text's tags (``extract_hashtags``), which its post is listed under, so that no
link leads to a tag page that does not exist. Texts that give no post its tags (comments,
guidelines, staff notes) say which tags they may link.

Bare addresses (``https://…``) become links, found by linkify-it-py (the finder markdown-it's
linkify option uses), and nh3 then gives them the same rel as every other link. Only addresses
written out in full are linked: "example.com" or "settings.py" stays text. An address ends where
Japanese (or Chinese, Korean or full-width) text begins, as members expect from LINE and X:
"https://example.com/aをご覧ください" links "https://example.com/a" (a pasted address is
percent-encoded, so it stays whole; a typed "…/wiki/トマト" links up to "wiki/").
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from django.urls import reverse
from linkify_it import LinkifyIt
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from hiroba.core.text import extract_hashtags, find_hashtags

# No <img>: the CSP would block outside images anyway, and they tell third parties who reads
# what. Members attach photos instead.
ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}


def _rewrite_plain_text(state: StateCore, rewrite) -> None:
    """Replace each text token outside a link by ``rewrite(content)``'s tokens (None keeps it).
    Code spans are their own token type, so they are never rewritten."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        inside_link = 0
        for token in block.children:
            if token.type == "link_open":
                inside_link += 1
            elif token.type == "link_close":
                inside_link -= 1
            replaced = None if token.type != "text" or inside_link else rewrite(token.content)
            children += [token] if replaced is None else replaced
        block.children = children


def _with_links(content: str, links: list[tuple[int, int, dict, str]]) -> list[Token] | None:
    """``content`` as text around its ``links`` (start, end, attributes, label), in order; None
    when there is none."""
    if not links:
        return None
    tokens: list[Token] = []
    position = 0
    for start, end, attrs, label in links:
        if start > position:
            tokens.append(_text(content[position:start]))
        link = Token("link_open", "a", 1)
        link.attrs = attrs
        tokens += [link, _text(label), Token("link_close", "a", -1)]
        position = end
    if position < len(content):
        tokens.append(_text(content[position:]))
    return tokens


def _hashtag_links(state: StateCore) -> None:
    # Markdown reads a text token after its own escapes and entities ("&#35;" is "#"), which the
    # text's tags were not taken from: a hashtag found here is linked only if it is one of them.
    tags = state.env.get("hashtags", frozenset())
    if not tags:
        return
    tag_url = reverse("posts:tag", args=["__tag__"])

    def hashtags(content: str):
        return _with_links(
            content,
            [
                (
                    start,
                    end,
                    {"href": tag_url.replace("__tag__", name), "class": "hashtag"},
                    content[start:end],
                )
                for start, end, name in find_hashtags(content)
                if name in tags
            ],
        )

    _rewrite_plain_text(state, hashtags)


# Kana, CJK punctuation and ideographs, Hangul, full-width forms: never part of an address a
# member pastes (browsers copy such paths percent-encoded), always the sentence that follows it.
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
_ADDRESS_RUNS = re.compile(f"[^{_CJK}]+")
# Addresses written out in full only: no "example.com", no "a@b.jp", no ftp or "//host".
_LINKIFY = (
    LinkifyIt().set({"fuzzy_link": False, "fuzzy_email": False}).add("ftp:", None).add("//", None)
)


def _bare_address_links(state: StateCore) -> None:
    """Link the addresses in plain text outside links and code, each ending at CJK text.

    markdown-it's own linkify rules read an address on into the Japanese sentence after it
    ("https://example.com/aをご覧ください"); cutting the text into runs first keeps them apart.
    """

    def addresses(content: str):
        if not _LINKIFY.pretest(content):
            return None
        return _with_links(content, list(_addresses_in(state, content)))

    _rewrite_plain_text(state, addresses)


# Bidirectional controls (U+061C, U+200E-F, U+202A-E, U+2066-9) can make an address read as
# another one; a link's label never keeps them.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _addresses_in(state: StateCore, content: str):
    for run in _ADDRESS_RUNS.finditer(content):
        for found in _LINKIFY.match(run.group()) or ():
            href = state.md.normalizeLink(found.url)
            if state.md.validateLink(href):
                start, end = run.start() + found.index, run.start() + found.last_index
                label = _BIDI_CONTROLS.sub("", _label(found.url, content[start:end]))
                yield start, end, {"href": href}, label


def _label(url: str, written: str) -> str:
    """What a bare address's link says: its percent-encoded path decoded (a pasted Japanese
    address reads as Japanese), but a punycode host as written, never as the look-alike
    letters it may encode (a Cyrillic "аррӏе.com")."""
    try:
        host = urlsplit(url).netloc.lower()
    except ValueError:  # e.g. an unbalanced "[" that reads as a broken IPv6 host
        return written
    if "xn--" in host:
        return written
    return _parser().normalizeLinkText(url)


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})
    parser.enable(["table", "strikethrough"])
    parser.core.ruler.push("bare_address_links", _bare_address_links)
    parser.core.ruler.push("hashtag_links", _hashtag_links)
    return parser


def render_markdown(text: str, *, tags: Iterable[str] | None = None) -> str:
    """Safe HTML of ``text``; its hashtags link to their tag pages if they are among ``tags``
    (by default, the tags the text gives the post it is the body of)."""
    # NFC composes what a reader sees as one character (か + ゛ is が), as extract_hashtags does.
    text = unicodedata.normalize("NFC", text or "")
    found = extract_hashtags(text)
    linked = frozenset(found if tags is None else set(found) & set(tags))
    html = _parser().render(text, {"hashtags": linked})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )
