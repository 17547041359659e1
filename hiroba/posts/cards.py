"""A post as a feed page lists it before its card is rendered: a ``Card``.

Feed cards are cached fragments (templatetags/post_cards.py) under keys made of everything a
card shows. On a warm cache a page needs those keys and nothing else, yet loading the full posts
(author, space, each kind's row, photos) cost more than the rest of the page: a query of some
150 columns and half a dozen model instances per post. So feeds read a Card per post, one narrow
``values()`` query of the key's facts, and ``post_cards`` loads the full posts only for the cards
it does not find in the cache.

Both ways of making a Card, from that query and from a loaded post, give the same facts for the
same post (tests/test_card_keys.py holds them to it), so a card is found whichever way its page
read it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Func, IntegerField, OuterRef, QuerySet, Subquery

from hiroba.posts.kinds import card_key_part, card_key_part_of_values, card_key_values
from hiroba.posts.models import Photo, Post


@dataclass(frozen=True)
class Card:
    """``facts`` are what the card shows, for its cache key (see ``_facts``); ``post`` is the
    post itself when the caller had it loaded, else None until its card must be rendered."""

    pk: int
    kind: str
    space_id: int | None
    facts: tuple
    # Also in ``facts``; apart so that the reader's likes are asked only of posts with some.
    reaction_count: int
    post: Post | None = None


def _facts(
    *,
    pk: int,
    reaction_count: int,
    comment_count: int,
    edited_at: datetime | None,
    is_pinned: bool,
    kind_part,
    photos: int,
    thumbs: int,
    author: tuple,
) -> tuple:
    """Everything a card shows but the reader's own state: a change of any of it must make a
    new key. Photos count as how many there are and how many have their thumbnail yet (the card
    shows a thumbnail once it is made). The title, text and photos change only with an edit."""
    edited = edited_at.timestamp() if edited_at else 0
    return (
        pk,
        reaction_count,
        comment_count,
        edited,
        is_pinned,
        kind_part,
        photos,
        thumbs,
        *author,
    )


def _author_parts(display_name: str, icon, icon_small, role: str, is_official: bool) -> tuple:
    """What a card shows of its author (the small icon when it is made), as a comment's key
    reads it from the member (post_cards._author_parts); ``icon`` and ``icon_small`` are the
    files' names."""
    return (display_name, icon_small or icon, role, is_official)


def card_of_post(post: Post) -> Card:
    """The Card of a post loaded with ``selectors.with_cards`` (its photos prefetched)."""
    author = post.author
    photos = post.photos.all()
    facts = _facts(
        pk=post.pk,
        reaction_count=post.reaction_count,
        comment_count=post.comment_count,
        edited_at=post.edited_at,
        is_pinned=post.is_pinned,
        kind_part=card_key_part(post),
        photos=len(photos),
        thumbs=sum(1 for photo in photos if photo.thumb),
        author=_author_parts(
            author.display_name,
            author.icon.name,
            author.icon_small.name,
            author.role,
            author.is_official,
        ),
    )
    return Card(post.pk, post.kind, post.space_id, facts, post.reaction_count, post)


AUTHOR_VALUES = (
    "author__display_name",
    "author__icon",
    "author__icon_small",
    "author__role",
    "author__is_official",
)


def card_values(queryset: QuerySet) -> QuerySet:
    """``queryset``'s posts as ``values()`` rows holding what ``card_of_values`` needs, and
    ``published_at`` for the feeds' keyset order: the joins of ``with_cards`` but a few columns,
    and no photos query (Post.photo_count is kept exact by the services; the photos that have
    a thumbnail are counted by a subquery on the photos' post index)."""
    # COUNT as a plain function, not an aggregate: no GROUP BY, and a post without photos
    # counts 0 rather than no row.
    thumbs = (
        Photo.objects.filter(post=OuterRef("pk"))
        .exclude(thumb="")
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("count")
    )
    return queryset.annotate(thumb_count=Subquery(thumbs)).values(
        "id",
        "published_at",
        "kind",
        "space_id",
        "reaction_count",
        "comment_count",
        "edited_at",
        "is_pinned",
        "photo_count",
        "thumb_count",
        *AUTHOR_VALUES,
        *card_key_values(),
    )


def card_of_values(row: dict) -> Card:
    """The Card of a row read by ``card_values``."""
    facts = _facts(
        pk=row["id"],
        reaction_count=row["reaction_count"],
        comment_count=row["comment_count"],
        edited_at=row["edited_at"],
        is_pinned=row["is_pinned"],
        kind_part=card_key_part_of_values(row["kind"], row),
        photos=row["photo_count"],
        thumbs=row["thumb_count"],
        author=_author_parts(*(row[name] for name in AUTHOR_VALUES)),
    )
    return Card(row["id"], row["kind"], row["space_id"], facts, row["reaction_count"])
