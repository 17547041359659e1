"""The kinds of post that live in apps of their own (a question, an idea; later an event report),
as posts sees them.

posts sits below the apps that make those kinds, so it never imports them: each app registers its
kind here from its ``AppConfig.ready()``, and posts reads the registry wherever it must treat a
kind apart (``post_detail``'s redirect, the card template and its cache key, the rows loaded with
cards, ``publish_post``). A new kind is a new app that registers itself, not an edit in posts.
"""

from collections.abc import Callable, Hashable
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
    # What the badge shows of the loaded row, for the card's cache key: a change of it must
    # make a new key. Called only with a row that was loaded.
    card_key: Callable[[object], Hashable] | None = None
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


def card_key_part(post: Post) -> Hashable:
    """The kind's part of a card's cache key: what its badge shows of the loaded row."""
    kind = _kinds.get(post.kind)
    if kind is None or kind.card_key is None:
        return ""
    row = loaded_row(post)
    return kind.card_key(row) if row is not None else ""


def write_links(space) -> list[WriteLink]:
    """The buttons a space's page shows next to "Write a post", one per kind it offers."""
    return [
        WriteLink(
            reverse(kind.write_in_space, args=[space.slug]), str(kind.write_label), kind.write_style
        )
        for kind in _kinds.values()
        if kind.write_in_space and kind.offered_in(space)
    ]
