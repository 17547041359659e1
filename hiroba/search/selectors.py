"""Search reads: posts, articles and questions a visitor may read, matched on folded text."""

from hiroba.core.text import search_terms
from hiroba.posts.models import Kind
from hiroba.posts.permissions import readable_posts
from hiroba.posts.selectors import Page, _newest_page

SEARCH_PAGE_SIZE = 20


def search_posts(
    actor,
    query: str,
    *,
    space=None,
    kind: str | None = None,
    cursor: str | None = None,
    size: int = SEARCH_PAGE_SIZE,
) -> Page:
    """Readable posts and articles containing every word of ``query``, newest first.

    Words are folded like the stored search text (NFKC, case, katakana as hiragana) and matched
    as substrings, so one- and two-character Japanese words work. Visibility is readable_posts'.
    """
    terms = search_terms(query)
    if not terms:
        return Page([], None)
    posts = readable_posts(actor)
    for term in terms:
        posts = posts.filter(search_text__contains=term)
    if space is not None:
        posts = posts.filter(space=space)
    if kind in Kind.values:
        posts = posts.filter(kind=kind)
    return _newest_page(posts, cursor, size)
