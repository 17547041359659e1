"""Markdown to plain text, for every place HTML cannot go: e-mail subjects and bodies,
notifications, feed titles, page titles, the audit log and the console's short lists.

Members write Markdown; where it is not rendered, ``**bold**`` must read as "bold", not as
stars. The text is taken from the same parser that renders posts (``hiroba.core.markdown``), so
what a reader sees on the page and in an e-mail are the same words: marks dropped, link texts
kept, code kept as written, escapes and entities decoded (``\\*`` and ``&amp;`` read as ``*``
and ``&``). The result is plain text, never HTML: templates escape it as any other text.
"""

from markdown_it.token import Token

from hiroba.core.markdown import _parser

# An excerpt reads only the start of a long body: its words come from there, and a post of
# 10,000 characters is not parsed whole for a line of 60.
EXCERPT_SOURCE_CHARS = 4000


def markdown_to_text(text: str) -> str:
    """The words of Markdown ``text`` as plain text, one paragraph after another.

    Paragraphs, headings, lists, tables, quotes and code blocks are separated by a blank line;
    list items keep a "- " or "1. " in front, one per line; table cells are separated by a tab.
    """
    return _join(_blocks(text, markers=True))


def markdown_excerpt(text: str, length: int | None = None) -> str:
    """Markdown ``text`` as one line of plain text (white space collapsed, no bullets), cut to
    ``length`` characters with "…" when it is longer."""
    source = (text or "")[:EXCERPT_SOURCE_CHARS] if length else (text or "")
    line = " ".join(" ".join(block for _group, block in _blocks(source, markers=False)).split())
    if length is not None and len(line) > length:
        line = line[: max(length - 1, 0)].rstrip() + "…"
    return line


def _blocks(text: str, *, markers: bool) -> list[tuple[int, str]]:
    """(number of the top-level block it is part of, text) for each block of ``text``."""
    blocks: list[tuple[int, str]] = []
    group = 0  # a list, a table or a quote is one top-level block of several lines
    depth = 0  # open lists
    marker = ""  # the marker of a list item whose first line is still to come
    row: list[str] | None = None  # the cells of a table row being read
    for token in _parser().parse(text or ""):
        kind = token.type
        if token.level == 0 and token.nesting >= 0:
            group += 1
        if kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif kind == "list_item_open" and token.info:
            # A number says something ("2. Wait for the reply"), so even a single line keeps it.
            marker = ("  " * (depth - 1) if markers else "") + f"{token.info}. "
        elif kind == "list_item_open" and markers:
            marker = "  " * (depth - 1) + "- "
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            blocks.append((group, "\t".join(row)))
            row = None
        elif kind == "inline":
            words = _inline_text(token.children or [])
            if row is not None:
                row.append(words)
            else:
                blocks.append((group, marker + words))
                marker = ""
        elif kind in ("fence", "code_block"):
            blocks.append((group, marker + token.content.rstrip("\n")))
            marker = ""
    return [(number, block) for number, block in blocks if block.strip()]


def _inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts).strip()


def _join(blocks: list[tuple[int, str]]) -> str:
    out: list[str] = []
    previous = None
    for group, block in blocks:
        if previous is not None:
            out.append("\n" if group == previous else "\n\n")
        out.append(block)
        previous = group
    return "".join(out)
