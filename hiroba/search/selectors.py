"""Search reads: posts, articles, questions and members a visitor may read, on folded text.

"Newest" is by id, highest first: ids follow creation, and both databases' indexes can answer
in that order without sorting every match, so a page costs the same for a rare word and for a
word in half the posts. "Relevant" ranks the newest matches (at most RELEVANCE_POOL of them) by
where and how often the words occur, and by the replies and likes a post drew.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet, Value
from django.db.models.functions import StrIndex
from django.utils import timezone

from hiroba.community.permissions import can_read_community
from hiroba.core.pagination import Page, decode_cursor, encode_cursor, keyset_after, keyset_rows
from hiroba.core.text import fold_for_search, search_terms
from hiroba.posts.models import Kind, Post
from hiroba.posts.permissions import readable_posts
from hiroba.posts.selectors import with_cards
from hiroba.search import index
from hiroba.search.models import MemberText

SEARCH_PAGE_SIZE = 20
RELEVANCE_POOL = 200
# Candidates read from the index per round grow from FIRST_CHUNK up to MAX_CHUNK; past
# MAX_EXAMINED candidates a page ends early with a cursor, so a filter that rejects nearly every
# match (a quiet space, a narrow period) costs a bounded amount of work per request.
FIRST_CHUNK = 200
MAX_CHUNK = 10_000
MAX_EXAMINED = 100_000
# PostgreSQL reads this many of the newest rows in order first (see index.recent_matches): a
# word in one post in fifty fills a page there. Below them it asks the index bucket by bucket,
# as many buckets at a time as should hold BUCKET_TARGET matches at the rate the window saw,
# four times as many each round after that.
RECENT_WINDOW = 1000
BUCKET_TARGET = 60
# Words of 1–2 characters alone have no index below the window, only a scan of the table (half a
# second), so their window is larger: a word in one post in 500 still fills a page there.
SHORT_WORD_WINDOW = 10_000

PERIODS = {"day": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=31),
           "year": timedelta(days=366)}  # fmt: skip
ORDERS = ("newest", "relevant")


@dataclass(frozen=True)
class PostFilters:
    space: object = None
    kind: str | None = None
    period: str | None = None

    def apply(self, posts: QuerySet) -> QuerySet:
        if self.space is not None:
            posts = posts.filter(space=self.space)
        if self.kind in Kind.values:
            posts = posts.filter(kind=self.kind)
        if self.period in PERIODS:
            posts = posts.filter(published_at__gte=timezone.now() - PERIODS[self.period])
        return posts


def search_posts(
    actor,
    query: str,
    *,
    space=None,
    kind: str | None = None,
    period: str | None = None,
    order: str = "newest",
    cursor: str | None = None,
    size: int = SEARCH_PAGE_SIZE,
) -> Page:
    """Readable posts, articles and questions containing every word of ``query``.

    Words are folded like the stored search text (NFKC, case, katakana as hiragana) and matched
    as substrings, so one- and two-character Japanese words work. Visibility is readable_posts'.
    """
    terms = search_terms(query)
    if not terms:
        return Page([], None)
    posts = PostFilters(space, kind, period).apply(readable_posts(actor))
    if order == "relevant":
        return _relevant_page(posts, terms, cursor, size)
    after = decode_cursor(cursor, (int,))
    before = after[0] if after else None
    items, next_before = matching_rows(with_cards(posts), terms, before=before, size=size)
    return Page(items, encode_cursor(next_before) if next_before else None)


def matching_rows(
    rows: QuerySet,
    terms: list[str],
    *,
    before: int | None,
    size: int,
    source: index.Source = index.POSTS,
) -> tuple[list, int | None]:
    """Up to ``size`` of ``rows`` whose text contains every term, highest key first, below
    ``before``; and the key to continue below (None when there is nothing more)."""
    key, text = source.key, source.column
    if not index.uses_fts():
        return _trigram_rows(rows, terms, source, before, size)
    found: list = []
    chunk, examined = FIRST_CHUNK, 0
    while True:
        candidates, checked = index.fts_candidates(source, terms, before=before, limit=chunk)
        if candidates is None:  # only very common short words: the rows answer faster
            more, after = _page_of(_containing(rows, terms, text), key, before, size - len(found))
            return found + more, after
        rest = [term for term in terms if term not in checked]
        matched = _containing(rows.filter(**{f"{key}__in": candidates}), rest, text)
        found += list(matched.order_by(f"-{key}")[: size + 1 - len(found)])
        examined += len(candidates)
        if len(found) > size:
            return found[:size], getattr(found[size - 1], key)
        if len(candidates) < chunk:
            return found, None
        before = candidates[-1]
        if examined >= MAX_EXAMINED:
            return found, before
        chunk = min(chunk * 4, MAX_CHUNK)


def _trigram_rows(rows: QuerySet, terms, source: index.Source, before, size: int):
    """PostgreSQL: the newest rows first, read in order (RECENT_WINDOW of them, or
    SHORT_WORD_WINDOW when no term has 3+ characters; a common word fills a page there); only
    when they hold less than a page, the older rows: through the index bucket by bucket when a
    term has 3+ characters, else by one parallel scan."""
    key, text = source.key, source.column
    if before is not None:
        rows = rows.filter(keyset_after((f"-{key}",), (before,)))
    indexed = any(len(term) >= 3 for term in terms)
    window = RECENT_WINDOW if indexed else SHORT_WORD_WINDOW
    keys, oldest = index.recent_matches(rows, source, terms, window=window, limit=size + 1)
    if len(keys) <= size and oldest is not None:
        if indexed:
            keys += _older_by_buckets(rows, terms, source, oldest, len(keys), size + 1 - len(keys))
        else:
            older = _pg_containing(rows.filter(**{f"{key}__lt": oldest}), terms, text)
            with index.parallel_scan():
                older_keys = list(older.values_list(key, flat=True))
            keys += sorted(older_keys, reverse=True)[: size + 1 - len(keys)]
    by_key = {getattr(row, key): row for row in rows.filter(**{f"{key}__in": keys})}
    found = [by_key[k] for k in keys if k in by_key]
    if len(found) > size:
        return found[:size], getattr(found[size - 1], key)
    return found, None


def _older_by_buckets(rows, terms, source: index.Source, oldest: int, seen: int, need: int):
    """Up to ``need`` matching keys below ``oldest``, asking the index for a few buckets at a
    time, newest first: as many as should hold BUCKET_TARGET matches at the rate the window saw
    (``seen`` in RECENT_WINDOW rows), four times as many while they hold too few."""
    rate = max(seen, 0.2) / RECENT_WINDOW  # none in the window: assume one in 5,000 rows
    expected = max(BUCKET_TARGET, 2 * need)  # a relevance pool needs 200, a page 21
    group = max(1, math.ceil(expected / (rate * index.BUCKET)))
    top = index.bucket_of(oldest)
    keys: list[int] = []
    while top >= 0 and len(keys) < need:
        buckets = range(top, max(top - group, -1), -1)
        keys += index.bucket_matches(
            rows, source, terms, below=oldest, buckets=buckets, limit=need - len(keys)
        )
        top -= group
        group *= 4
    return keys


def _pg_containing(rows: QuerySet, terms: list[str], text: str) -> QuerySet:
    """Words of 3+ characters as LIKE, which the trigram index answers; shorter ones with
    strpos(), which it cannot: given LIKE '%大阪%', PostgreSQL reads the whole trigram index
    for nothing (8 s at mineo scale) instead of scanning the table once (under 1 s)."""
    for number, term in enumerate(terms):
        if len(term) >= 3:
            rows = rows.filter(**{f"{text}__contains": term})
        else:
            rows = rows.alias(**{f"_at{number}": StrIndex(text, Value(term))})
            rows = rows.filter(**{f"_at{number}__gt": 0})
    return rows


def _containing(rows: QuerySet, terms: list[str], text: str) -> QuerySet:
    for term in terms:
        rows = rows.filter(**{f"{text}__contains": term})
    return rows


def _page_of(rows: QuerySet, key: str, before, size: int) -> tuple[list, int | None]:
    after = None if before is None else (before,)
    found, last = keyset_rows(rows, order=(f"-{key}",), after=after, size=size)
    return found, None if last is None else last[0]


def _relevant_page(posts: QuerySet, terms: list[str], cursor: str | None, size: int) -> Page:
    after = decode_cursor(cursor, (int,))
    offset = max(after[0], 0) if after else 0
    candidates, _more = matching_rows(with_cards(posts), terms, before=None, size=RELEVANCE_POOL)
    now = timezone.now()
    ranked = sorted(candidates, key=lambda post: (-relevance(post, terms, now), -post.pk))
    more = offset + size < len(ranked)
    return Page(ranked[offset : offset + size], encode_cursor(offset + size) if more else None)


def relevance(post: Post, terms: list[str], now: datetime) -> float:
    """Words in the title count three times a word in the text; each extra occurrence counts
    less; replies and likes add a little, and so does being recent (a month's half-life)."""
    title = fold_for_search(post.title)
    score = 0.0
    for term in terms:
        score += 3 * min(title.count(term), 2) + math.log1p(post.search_text.count(term))
    score += 0.5 * math.log1p(post.comment_count + post.reaction_count)
    age_days = max((now - (post.published_at or now)).total_seconds(), 0) / 86400
    return score + 0.5 ** (age_days / 30)


MEMBER_PAGE_SIZE = 20


def search_members(
    actor, query: str, *, cursor: str | None = None, size: int = MEMBER_PAGE_SIZE
) -> Page:
    """Active members whose handle or display name contains every word, newest first; a member
    whose handle is exactly the query comes first on the first page."""
    terms = search_terms(query)
    if not terms or not can_read_community(actor):
        return Page([], None)
    after = decode_cursor(cursor, (int,))
    before = after[0] if after else None
    texts = MemberText.objects.filter(member__is_active=True).select_related("member")
    rows, next_before = matching_rows(texts, terms, before=before, size=size, source=index.MEMBERS)
    items = [row.member for row in rows]
    if before is None:
        exact = [m for m in items if m.handle.lower() == query.strip().lstrip("@").lower()]
        items = exact + [m for m in items if m not in exact]
    return Page(items, encode_cursor(next_before) if next_before else None)
