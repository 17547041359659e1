"""The kinds of post that live in apps of their own (a question, an idea; later an event report),
as posts sees them.

posts sits below the apps that make those kinds, so it never imports them: each app registers its
kind here from its ``AppConfig.ready()``, and posts reads the registry wherever it must treat a
kind apart (``post_detail``'s redirect, the card template and its cache key, the rows loaded with
cards, ``publish_post``). A new kind is a new app that registers itself, not an edit in posts.
"""

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

from django.urls import reverse

from hiroba.posts.models import Post

# The page of a post that no app claims (a member's post, an article).
POST_DETAIL_URL = "posts:detail"


@dataclass(frozen=True)
class PostKind:
    """What posts needs to know about a kind of post that an app of its own looks after.

    A kind with its own page also lists that page in the sitemap itself: posts' sitemap leaves
    registered kinds out, and ``posts:detail`` sends visitors on to ``detail_url``.
    """

    # The value of Post.kind.
    name: str
    # The name of the kind's own page, a URL pattern taking the post's id; by default the
    # post's page itself (a kind that needs no page of its own: an event's photo report), which
    # then shows ``page_template``.
    detail_url: str = POST_DETAIL_URL
    # The kind's 1:1 row with the post (a reverse one-to-one name on Post, e.g. "question"),
    # loaded with every card so that the badge can show the row's state without a query.
    card_row: str = ""
    # Relations of that row the badge shows too, joined with it ("event_report__event").
    card_related: tuple[str, ...] = ()
    # A template included in the card's header, with ``post`` (and the loaded row, if any,
    # through the app's own template filters): the kind's badge and its state.
    card_badge: str = ""
    # What the badge shows of the row, for the card's cache key, as value paths from the post
    # ("question__state", "event_report__event__title"): a change of any of them must make a
    # new key. Feeds read them with the page's first, narrow query, without loading the row, and
    # load the post with its row only for a card that is not cached (posts.cards).
    card_key_fields: tuple[str, ...] = ()
    # Makes the key's part from those values, given in the same order, when the badge shows
    # more than they hold (the community's labels of an idea's statuses); by default the part
    # is the values themselves. Called only for a post that has its row.
    card_key: Callable[..., Hashable] | None = None
    # Where a card's comment count links on the kind's page.
    comments_anchor: str = "comments"
    # Writes the kind's own rows inside publish_post's transaction, right after the post (and
    # its photos, hold and activity): ``write(actor=, post=, **data)`` with the ``kind_data``
    # given to publish_post. Setting the post on a one-to-one row caches it on the post, so the
    # caller reads it back (``post.question``) without a query.
    write: Callable[..., object] | None = None
    # The button on a space's page that starts one: a URL pattern taking the space's slug, its
    # label (translated lazily), its Bootstrap button style, and whether a space offers it.
    write_in_space: str = ""
    write_label: str = ""
    write_style: str = "btn-outline-primary"
    offered_in: Callable[[object], bool] = lambda space: True
    # Shown on the post's page below its body, with ``post``, for a kind without a page of its
    # own (what the post belongs to: "A photo report of <event>").
    page_template: str = ""

    def __post_init__(self):
        # A card without its row has no key part: the row's presence is read through its id,
        # so every fact must be the row's own or reached through it.
        stray = [path for path in self.card_key_fields if not path.startswith(f"{self.card_row}__")]
        if stray or (self.card_key is not None and not self.card_key_fields):
            raise ValueError(f"{self.name}: card key fields must be paths through card_row")

    @property
    def has_own_page(self) -> bool:
        return self.detail_url != POST_DETAIL_URL


@dataclass(frozen=True)
class WriteLink:
    url: str
    label: str
    style: str


_kinds: dict[str, PostKind] = {}


def register_kind(kind: PostKind) -> None:
    """Called from the kind's app's ``ready()``; registering a kind again replaces it."""
    _kinds[kind.name] = kind


def get_kind(name: str) -> PostKind | None:
    return _kinds.get(name)


def registered_kinds() -> tuple[PostKind, ...]:
    return tuple(_kinds.values())


def card_rows() -> tuple[str, ...]:
    """The kinds' rows a card shows, for ``select_related`` (a LEFT JOIN each, no extra query)."""
    rows = []
    for kind in _kinds.values():
        if kind.card_row:
            rows.extend((kind.card_row, *kind.card_related))
    return tuple(rows)


def detail_url_name(kind: str) -> str:
    registered = _kinds.get(kind)
    return registered.detail_url if registered else POST_DETAIL_URL


def post_path(post: Post) -> str:
    """The canonical address of a post of any kind."""
    return reverse(detail_url_name(post.kind), args=[post.pk])


def loaded_row(post: Post):
    """The kind's row of ``post`` when it was loaded with the post, else None (never a query)."""
    kind = _kinds.get(post.kind)
    if kind is None or not kind.card_row:
        return None
    if not getattr(Post, kind.card_row).is_cached(post):
        return None
    # A LEFT JOIN that found no row caches None, and reading it raises DoesNotExist
    # (an AttributeError): either way there is no row to show.
    return getattr(post, kind.card_row, None)


def card_key_values() -> tuple[str, ...]:
    """The value paths every kind's part of a card's key is made of, for one ``values()`` query
    of a feed's posts (a LEFT JOIN per row, as ``card_rows``); with each row's id, which tells
    a post that has its row from one that has none."""
    paths = []
    for kind in _kinds.values():
        if kind.card_key_fields:
            paths.extend((_row_id(kind), *kind.card_key_fields))
    return tuple(paths)


def _row_id(kind: PostKind) -> str:
    return f"{kind.card_row}__pk"


def _key_part(kind: PostKind, values: tuple) -> Hashable:
    return kind.card_key(*values) if kind.card_key is not None else values


def card_key_part(post: Post) -> Hashable:
    """The kind's part of a card's cache key: what its badge shows of the loaded row (no query
    for the row: a post loaded without it has no part, and its badge shows no state)."""
    kind = _kinds.get(post.kind)
    if kind is None or not kind.card_key_fields or loaded_row(post) is None:
        return ""
    return _key_part(kind, tuple(_follow(post, path) for path in kind.card_key_fields))


def card_key_part_of_values(kind_name: str, values: Mapping) -> Hashable:
    """``card_key_part`` from a ``values()`` row holding ``card_key_values()``: equal to it for
    the same post, so that a card keyed either way is found either way."""
    kind = _kinds.get(kind_name)
    if kind is None or not kind.card_key_fields or values[_row_id(kind)] is None:
        return ""
    return _key_part(kind, tuple(values[path] for path in kind.card_key_fields))


def _follow(post: Post, path: str):
    value = post
    for name in path.split("__"):
        value = getattr(value, name)
    return value


def write_links(space) -> list[WriteLink]:
    """The buttons a space's page shows next to "Write a post", one per kind it offers."""
    return [
        WriteLink(
            reverse(kind.write_in_space, args=[space.slug]), str(kind.write_label), kind.write_style
        )
        for kind in _kinds.values()
        if kind.write_in_space and kind.offered_in(space)
    ]
