import html

from django import template
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe

from hiroba.core import plaintext
from hiroba.core.text import fold_for_search, search_terms

register = template.Library()


@register.filter
def plain_text(rendered_html: str) -> str:
    """The text of sanitized HTML, for excerpts: tags dropped and entities decoded.

    The result is an ordinary string, so autoescaping escapes it exactly once ("&" stays "&").
    """
    return html.unescape(strip_tags(rendered_html or ""))


@register.filter
def markdown_excerpt(text: str, length: int | None = None) -> str:
    """Markdown as one line of plain text, cut to ``length`` (hiroba.core.plaintext)."""
    return plaintext.markdown_excerpt(text, int(length) if length else None)


@register.simple_tag
def highlighted_excerpt(rendered_html: str, query: str, length: int = 160):
    """Plain text around the first match of the query's words, each match wrapped in <mark>.

    Matching folds characters one by one like the search does (case, width, katakana), so the
    marks land on the text as written.
    """
    text = " ".join(plain_text(rendered_html).split())
    terms = search_terms(query)
    folded, origin = [], []
    for index, char in enumerate(text):
        piece = fold_for_search(char) or " "
        folded.append(piece)
        origin.extend([index] * len(piece))
    haystack = "".join(folded)
    spans = []
    for term in terms:
        start = haystack.find(term)
        while start != -1:
            spans.append((origin[start], origin[start + len(term) - 1] + 1))
            start = haystack.find(term, start + len(term))
    first = min((a for a, _b in spans), default=0)
    begin = max(0, first - length // 4)
    end = min(len(text), begin + length)
    pieces, position = [], begin
    for a, b in sorted(spans):
        if a < position or b > end:
            continue
        pieces += [escape(text[position:a]), format_html("<mark>{}</mark>", text[a:b])]
        position = b
    pieces.append(escape(text[position:end]))
    prefix = "…" if begin else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(str(p) for p in pieces) + suffix)  # every piece is escaped
