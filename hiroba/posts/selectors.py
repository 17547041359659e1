"""Reads for pages, API and feeds: explicit joins, keyset pagination, a fixed number of queries."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from hiroba.accounts.permissions import is_editor, is_member, is_moderator
from hiroba.audit.selectors import moderation_reasons
from hiroba.community.permissions import can_read_community, visible_space_ids
from hiroba.core.pagination import (
    Page,
    decode_cursor,
    encode_cursor,
    keyset_after,
    keyset_page,
    split_page,
)
from hiroba.core.prepared import values_rows
from hiroba.posts.cards import Card, card_of_values, card_values
from hiroba.posts.kinds import card_rows
from hiroba.posts.models import (
    Comment,
    CommentStatus,
    Kind,
    Photo,
    Post,
    PostTag,
    Reaction,
    Status,
    Tag,
)
from hiroba.posts.permissions import is_writer_of, readable_posts, readable_posts_key
from hiroba.posts.services.visibility import present_as_removed

PAGE_SIZE = 20
POPULAR_WINDOW = timedelta(days=7)
MAX_COMMENTS_SHOWN = 1000


def with_cards(queryset: QuerySet) -> QuerySet:
    """What a post card shows: author, space and photos, in three queries per page."""
    # Each kind's own row (a question's state, an idea's status: posts.kinds) is joined 1:1,
    # so that its card shows the row's state without a query.
    return queryset.select_related("author", "space", *card_rows()).prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("position", "id"))
    )


# The feeds give pages (``as_cards=True``) Cards (posts.cards): what each card's cache key needs,
# from one narrow query; post_cards loads the full posts of the cards it must render
# (posts_for_cards). The API, the Atom feeds and other readers get the posts, loaded with_cards.


def posts_for_cards(ids) -> dict[int, Post]:
    """The posts of Cards whose fragments were not cached, by id, to render them. Not filtered
    again: the feed that read the Cards chose what the reader may see."""
    return {post.pk: post for post in with_cards(Post.objects.filter(pk__in=ids))}


def _query(queryset: QuerySet, as_cards: bool) -> QuerySet:
    return card_values(queryset) if as_cards else with_cards(queryset)


def _items(rows, as_cards: bool) -> list:
    return [card_of_values(row) for row in rows] if as_cards else list(rows)


NEWEST = ("-published_at", "-id")


def _newest_page(
    posts: Callable[[], QuerySet], key: tuple, cursor: str | None, size: int, as_cards: bool
) -> Page:
    """A page of ``posts()`` newest first. A feed's first page of cards is one kept statement
    per ``key`` (core.prepared: what the posts are, beyond the page size), asked fresh."""
    if as_cards and cursor is None:
        rows = values_rows(
            ("newest cards", *key, size),
            lambda: card_values(posts()).order_by(*NEWEST)[: size + 1],
        )
        rows, last = split_page(rows, order=NEWEST, size=size)
        return Page(_items(rows, as_cards), None if last is None else encode_cursor(*last))
    page = keyset_page(
        _query(posts(), as_cards), order=NEWEST, kinds=(datetime, int), cursor=cursor, size=size
    )
    return Page(_items(page.items, as_cards), page.next_cursor)


def list_feed(
    actor,
    *,
    order: str = "newest",
    cursor: str | None = None,
    size: int = PAGE_SIZE,
    as_cards: bool = False,
) -> Page:
    """The home feed: posts and articles the actor may read, newest first or most liked this week."""
    if order != "popular":
        return _newest_page(
            lambda: readable_posts(actor),
            ("feed", readable_posts_key(actor)),
            cursor,
            size,
            as_cards,
        )
    posts = readable_posts(actor)
    ranked = _popular_ids(actor)
    after = decode_cursor(cursor, (int,))
    offset = max(after[0], 0) if after else 0
    page_ids = ranked[offset : offset + size]
    # Read again through readable_posts: a post deleted since the ranking was cached drops out.
    rows = _query(posts.filter(pk__in=page_ids), as_cards)
    by_id = {item.pk: item for item in _items(rows, as_cards)}
    items = [by_id[pk] for pk in page_ids if pk in by_id]
    more = offset + size < len(ranked)
    return Page(items, encode_cursor(offset + size) if more else None)


POPULAR_LIMIT = 200
POPULAR_CACHE_SECONDS = 300


def _popular_ids(actor) -> list[int]:
    """The week's most liked posts the actor may read, ranked, cached for a few minutes.

    Ranking means reading the whole week's posts (25,000 at mineo scale), too much per request;
    the ranking is shared by everyone who can read the same spaces.
    """
    key = "feed:popular:" + _visibility_key(actor)
    ranked = cache.get(key)
    if ranked is None:
        week = readable_posts(actor).filter(published_at__gte=timezone.now() - POPULAR_WINDOW)
        ranked = list(
            week.order_by("-reaction_count", "-id").values_list("id", flat=True)[:POPULAR_LIMIT]
        )
        cache.set(key, ranked, POPULAR_CACHE_SECONDS)
    return ranked


def _visibility_key(actor) -> str:
    """One key per set of readable spaces (a handful cover every member)."""
    visible = sorted(visible_space_ids(actor)) if can_read_community(actor) else ["closed"]
    return hashlib.sha1(",".join(map(str, visible)).encode()).hexdigest()


def list_space_posts(
    actor, space, *, cursor: str | None = None, size: int = PAGE_SIZE, as_cards: bool = False
) -> Page:
    return _newest_page(
        lambda: readable_posts(actor).filter(space=space),
        ("space", space.pk, readable_posts_key(actor)),
        cursor,
        size,
        as_cards,
    )


MAX_PINNED = 3


def list_pinned(actor, *, space=None) -> list[Card]:
    """Up to three pinned posts of a space, or pinned articles for the home feed, as Cards.

    Pinned posts are a handful in the whole community, so they are all read through their own
    index (post_pinned) and sorted out here. Filtering by space in SQL made the database walk
    the space's index through every post of a big space looking for the pinned ones.
    """
    rows = values_rows(
        ("pinned cards", readable_posts_key(actor)),
        lambda: card_values(readable_posts(actor).filter(is_pinned=True)).order_by("-published_at")[
            :100
        ],
    )
    cards = [card_of_values(row) for row in rows]
    if space is not None:
        chosen = [card for card in cards if card.space_id == space.pk]
    else:
        chosen = [card for card in cards if card.kind == Kind.ARTICLE]
    return chosen[:MAX_PINNED]


def list_articles(
    actor, *, cursor: str | None = None, size: int = PAGE_SIZE, as_cards: bool = False
) -> Page:
    return _newest_page(
        lambda: readable_posts(actor).filter(kind=Kind.ARTICLE),
        ("articles", readable_posts_key(actor)),
        cursor,
        size,
        as_cards,
    )


def list_member_posts(
    actor, member, *, cursor: str | None = None, size: int = PAGE_SIZE, as_cards: bool = False
) -> Page:
    return _newest_page(
        lambda: readable_posts(actor).filter(author=member),
        ("member", member.pk, readable_posts_key(actor)),
        cursor,
        size,
        as_cards,
    )


TAG_PAGE_BATCHES = 3
TAG_ORDER = ("-published_at", "-post_id")


def list_tag_posts(
    actor, tag: Tag, *, cursor: str | None = None, size: int = PAGE_SIZE, as_cards: bool = False
) -> Page:
    """A tag's posts, newest first: walked on the tag's own index (tag, published_at, post).

    A rare tag would otherwise make the database walk the whole feed looking for its posts.
    Rows of posts the actor cannot read are skipped; at most a few batches are read per page.
    """
    rows = PostTag.objects.filter(tag=tag, published_at__isnull=False)
    after = decode_cursor(cursor, (datetime, int))
    if after:
        rows = rows.filter(keyset_after(TAG_ORDER, after))
    rows = rows.order_by(*TAG_ORDER).values_list("published_at", "post_id")
    items: list = []
    last = None
    for batch_number in range(TAG_PAGE_BATCHES):
        start = batch_number * size * 2
        batch = list(rows[start : start + size * 2])
        if not batch:
            break
        posts = _query(readable_posts(actor).filter(pk__in=[pk for _at, pk in batch]), as_cards)
        by_id = {item.pk: item for item in _items(posts, as_cards)}
        for published_at, pk in batch:
            last = (published_at, pk)
            if pk in by_id:
                items.append(by_id[pk])
                if len(items) == size:
                    break
        if len(items) == size or len(batch) < size * 2:
            break
    more = last is not None and rows.filter(keyset_after(TAG_ORDER, last)).exists()
    return Page(items, encode_cursor(*last) if more else None)


def tag_is_public(tag: Tag) -> bool:
    """Whether a visitor who is not logged in can open the tag's page (one of its posts is
    public): one probe of the tag's index, which stops at the first such post."""
    return readable_posts(AnonymousUser(), Post.objects.filter(tags=tag)).exists()


def list_drafts(actor) -> list[Post]:
    if not is_editor(actor):
        return []
    return list(
        Post.objects.filter(
            kind=Kind.ARTICLE, status__in=[Status.DRAFT, Status.SCHEDULED], deleted_at__isnull=True
        )
        .select_related("author")
        .order_by("-created_at")[:50]
    )


def liked_post_ids(actor, posts) -> set[int]:
    return _liked_ids(actor, "post_id", [p.pk for p in posts if p.reaction_count])


def liked_comment_ids(actor, comments) -> set[int]:
    return _liked_ids(actor, "comment_id", [c.pk for c in comments if c.reaction_count])


def _liked_ids(actor, column: str, ids: list[int]) -> set[int]:
    """Which of ``ids`` (of posts: "post_id", of comments: "comment_id") the actor liked.
    Callers pass only those with likes (their counters are kept exact): none, no query."""
    if not actor.is_authenticated or not ids:
        return set()
    ids = sorted(set(ids))
    # Every page asks it: one statement per column and number of ids, the ids put in.
    named = {f"id{i}": pk for i, pk in enumerate(ids)}
    rows = values_rows(
        ("liked", column, len(ids)),
        lambda member, **chosen: Reaction.objects.filter(
            member_id=member, **{f"{column}__in": list(chosen.values())}
        ).values(column),
        member=actor.pk,
        **named,
    )
    return {row[column] for row in rows}


@dataclass
class Thread:
    """A post's comments as shown: top-level comments in order, each with its replies."""

    comments: list[Comment]
    liked_comment_ids: set[int]
    total: int


def _present_moderated(actor, rows: list[Comment]) -> None:
    """Held and hidden comments: their writer and moderators see them with the reason; everyone
    else sees them exactly as deleted ones (a placeholder while replies live, else nothing).

    They are presented like deleted ones (visibility.present_as_removed) rather than flagged, so
    that every renderer (the page, its fragment cache key, the API schema) treats them alike.
    """
    moderated = [c for c in rows if c.status != CommentStatus.PUBLISHED and c.deleted_at is None]
    if not moderated:
        return
    moderator = is_moderator(actor)
    shown = [c for c in moderated if moderator or is_writer_of(actor, c)]
    reasons = moderation_reasons("comment", [c.pk for c in shown])
    for comment in moderated:
        if comment in shown:
            entry = reasons.get(comment.pk)
            comment.moderation_reason = entry.reason if entry else ""
        else:
            present_as_removed(comment)


def get_thread(actor, post: Post, *, liked: set[int] | None = None) -> Thread:
    """``liked``: the actor's liked comments of the thread, when the caller read them already."""
    rows = list(
        Comment.objects.filter(post=post)
        .select_related("author")
        .order_by("created_at", "id")[:MAX_COMMENTS_SHOWN]
    )
    _present_moderated(actor, rows)
    by_id = {c.pk: c for c in rows}
    top: list[Comment] = []
    for comment in rows:
        comment.shown_replies = []
    for comment in rows:
        parent = by_id.get(comment.parent_id) if comment.parent_id else None
        if parent is not None:
            parent.shown_replies.append(comment)
        elif comment.parent_id is None:
            top.append(comment)
    # A deleted comment without live replies disappears; with replies it stays as a placeholder.
    top = [
        c for c in top if c.deleted_at is None or any(r.deleted_at is None for r in c.shown_replies)
    ]
    for comment in top:
        comment.shown_replies = [r for r in comment.shown_replies if r.deleted_at is None]
    if liked is None:
        liked = liked_comment_ids(actor, rows)
    return Thread(top, liked, len(rows))


# Everything about a comment that its rendering shows or depends on, read as plain values: a
# thread of 200 comments reads in a fifth of the time it takes to build them as models. (Its
# time, never changed once written, is left out: parsing it was a third of the read.)
THREAD_FACTS = (
    "id", "parent_id", "edited_at", "deleted_at", "status", "reaction_count",
    "author_id", "created_by_id", "author__handle", "author__display_name", "author__icon",
    "author__icon_small", "author__role", "author__is_official",
)  # fmt: skip
_ID, _STATUS, _DELETED = 0, THREAD_FACTS.index("status"), THREAD_FACTS.index("deleted_at")
_LIKES = THREAD_FACTS.index("reaction_count")
_WRITERS = (THREAD_FACTS.index("author_id"), THREAD_FACTS.index("created_by_id"))


@dataclass
class PageThread:
    """A post's comments for its page: ``facts``, everything the thread's rendering shows for
    this reader (each comment's facts, the reader's likes, own comments and role, the reasons
    they may read), from one light query; the comments themselves (get_thread) are built only
    when a rendering under those facts is not at hand (posts/templatetags/post_cards.py)."""

    actor: object
    post: Post
    facts: tuple
    liked_comment_ids: set[int]
    total: int

    @cached_property
    def comments(self) -> list[Comment]:
        return get_thread(self.actor, self.post, liked=self.liked_comment_ids).comments


def get_page_thread(actor, post: Post) -> PageThread:
    # Every post page asks it: one statement per process, with the post's id put in.
    rows = tuple(
        tuple(row[name] for name in THREAD_FACTS)
        for row in values_rows(
            "thread facts",
            lambda post_id: (
                Comment.objects.filter(post_id=post_id)
                .order_by("created_at", "id")
                .values(*THREAD_FACTS)[:MAX_COMMENTS_SHOWN]
            ),
            post_id=post.pk,
        )
    )
    liked = _liked_ids(actor, "comment_id", [row[_ID] for row in rows if row[_LIKES]])
    reader = actor.pk if actor.is_authenticated else None
    # The reader's own comments, and as whom (the author, an official account's writer): what
    # their delete button and report link depend on.
    own = tuple(
        (row[_ID], *(reader == writer for writer in _writers(row)))
        for row in rows
        if reader is not None and reader in _writers(row)
    )
    own_ids = {pk for pk, *_as in own}
    moderator = is_moderator(actor)
    # Held and hidden comments show, with their reason, to their writer and moderators
    # (_present_moderated); to everyone else as deleted ones, which the rows already tell.
    shown_moderated = [
        row[_ID]
        for row in rows
        if row[_STATUS] != CommentStatus.PUBLISHED
        and row[_DELETED] is None
        and (moderator or row[_ID] in own_ids)
    ]
    reasons = moderation_reasons("comment", shown_moderated)
    facts = (
        post.pk,
        rows,
        tuple(sorted(liked)),
        own,
        moderator,
        is_member(actor),
        tuple((pk, reasons[pk].reason if pk in reasons else "") for pk in shown_moderated),
    )
    return PageThread(actor, post, facts, liked, len(rows))


def _writers(row) -> tuple:
    return tuple(row[index] for index in _WRITERS)


TAG_WINDOW = timedelta(days=30)
TAG_CACHE_SECONDS = 600
# In each process's memory too, in front of the shared cache that every home page asked (a
# query on the embedded database's cache table, a round trip to Redis).
TAG_KEPT_SECONDS = 60


def popular_tags(actor, limit: int = 15) -> list[dict]:
    """The most used tags of the last 30 days among the posts ``actor`` may read.

    Counted from readable posts, not Tag.post_count, so a restricted space's hashtags never show
    to outsiders. Cached per set of readable spaces: a handful of sets cover everyone.
    """
    if not can_read_community(actor):
        return []
    key = "tags:popular:" + _visibility_key(actor)
    tags = caches["fragments"].get(key)
    if tags is None:
        tags = _shared_popular_tags(key, actor, limit)
        caches["fragments"].set(key, tags, TAG_KEPT_SECONDS)
    return tags


def _shared_popular_tags(key: str, actor, limit: int) -> list[dict]:
    tags = cache.get(key)
    if tags is None:
        since = timezone.now() - TAG_WINDOW
        rows = (
            PostTag.objects.filter(published_at__gte=since, post__in=readable_posts(actor))
            .values("tag__name")
            .annotate(uses=Count("id"))
            .order_by("-uses", "tag__name")[:limit]
        )
        tags = [{"name": row["tag__name"], "uses": row["uses"]} for row in rows]
        cache.set(key, tags, TAG_CACHE_SECONDS)
    return tags
