"""``{% post_cards posts %}`` and ``{% comment_thread comments %}``: fragments rendered once and
reused from the cache.

A feed page is twenty cards of nested templates; rendering them was most of a page's time.
Each card's HTML is cached under a key made of everything it shows (counters, edit time,
pin, photo sizes, the author's name, icon and role, the reader's like, language, time zone),
so a change to any of those makes a new key rather than needing invalidation. Feeds hand in
Cards (posts.cards), those facts read without the posts, and only the cards missing from the
cache have their posts loaded and rendered. The CSRF token of
the like form is per reader, and a comment's replies are cached apart from it: a cached fragment
carries markers that are filled in on the way out.

A marker must be something no member can write: every rendering draws a fresh random seal
(hiroba/core/fragments.py says why), the fragment is cached together with its seal, and only
that seal's markers are filled in.

A post page's whole thread is one more fragment (``_whole_thread``), under the facts of every
comment and of the reader (selectors.get_page_thread, one light query): a warm 200-comment page
builds no comment and looks up one entry instead of two hundred.
"""

import hashlib

from django import template
from django.core.cache import caches
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from hiroba.core.fragments import csrf_marker as _csrf_marker
from hiroba.core.fragments import csrf_token_for as _csrf_token
from hiroba.core.fragments import new_seal, splice_later
from hiroba.posts import selectors
from hiroba.posts.cards import Card, card_of_post
from hiroba.posts.kinds import get_kind, post_path
from hiroba.posts.permissions import can_delete_comment
from hiroba.posts.selectors import PageThread

register = template.Library()

CARD_SECONDS = 600
# Bumped when the cached value's shape or markup changes, so old entries are never read as new
# ones (3: reply boxes load when opened).
KEY_VERSION = 3


def _replies_marker(seal: str) -> str:
    return f"{seal}:replies"


def _fill(fragment: tuple[str, str], *, csrf_token: str, replies: str = "") -> str:
    """A cached fragment's HTML with its own markers replaced (the CSRF marker first: the
    replies put in afterwards are finished fragments of their own)."""
    seal, html = fragment
    html = html.replace(_csrf_marker(seal), csrf_token)
    return html.replace(_replies_marker(seal), replies)


def _author_parts(author) -> tuple:
    icon = author.icon_small.name if author.icon_small else author.icon.name
    return (author.display_name, icon, author.role, author.is_official)


def _render_cached(
    context, items, key_of, template_name: str, variable: str, extra_of=None
) -> list[tuple[str, str]]:
    """Each item's ``(seal, html)`` from the cache, rendering (and caching) the missing ones.

    ``extra_of(item)`` adds to the context of one item's rendering: what the key already
    holds, worked out in Python rather than in the template.
    """
    keys = [key_of(item) for item in items]
    fragments = caches["fragments"]
    found = fragments.get_many(keys)
    template = context.template.engine.get_template(template_name)
    rendered, fresh = [], {}
    for item, key in zip(items, keys, strict=True):
        fragment = found.get(key)
        if fragment is None:
            seal = new_seal()
            with context.push(
                {
                    variable: item,
                    "csrf_token": _csrf_marker(seal),
                    "replies_marker": _replies_marker(seal),
                    **(extra_of(item) if extra_of else {}),
                }
            ):
                fragment = (seal, template.render(context))
            fresh[key] = fragment
        rendered.append(fragment)
    if fresh:
        fragments.set_many(fresh, CARD_SECONDS)
    return rendered


def _card_key(card: Card, *, liked: bool, reader: str, space_id) -> str:
    parts = (
        *card.facts,  # what the card shows: posts.cards
        liked,
        reader,
        space_id,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"card:{KEY_VERSION}:{card.pk}:{digest}"


def _card_context(post) -> dict:
    """A card links to its kind's own page and shows the kind's badge (posts.kinds)."""
    return {"detail_url": post_path(post), "post_kind": get_kind(post.kind)}


def _render_missing(context, cards: list[Card], key_of) -> dict[int, tuple[str, str]]:
    """The fragments of ``cards`` (not found in the cache) by post id, rendered from their
    posts: those the caller gave, and the others loaded here in one go.

    Keyed again from the loaded posts, so a like that came between the two reads is shown and
    keyed as it is now. A post gone from the table meanwhile is left out."""
    posts = {card.pk: card.post for card in cards if card.post is not None}
    unloaded = [card.pk for card in cards if card.post is None]
    if unloaded:
        posts |= selectors.posts_for_cards(unloaded)
    shown = [posts[card.pk] for card in cards if card.pk in posts]
    rendered = _render_cached(
        context,
        shown,
        lambda post: key_of(card_of_post(post)),
        "posts/_card.html",
        "post",
        _card_context,
    )
    return {post.pk: fragment for post, fragment in zip(shown, rendered, strict=True)}


@register.simple_tag(takes_context=True)
def post_cards(context, posts):
    """The cards of ``posts``: posts loaded ``with_cards``, or a feed's Cards (posts.cards),
    whose posts are loaded only if their fragments are not in the cache."""
    cards = [post if isinstance(post, Card) else card_of_post(post) for post in posts]
    if not cards:
        return ""
    request = context["request"]
    user = context["user"]
    liked_ids = context.get("liked_ids") or set()
    space = context.get("space")
    # Visitors' like button is a log-in link back to the page they are on.
    reader = "member" if user.is_authenticated else f"visitor:{request.path}"
    space_id = getattr(space, "pk", None)

    def key_of(card: Card) -> str:
        return _card_key(card, liked=card.pk in liked_ids, reader=reader, space_id=space_id)

    keys = [key_of(card) for card in cards]
    found = caches["fragments"].get_many(keys)
    missing = [card for card, key in zip(cards, keys, strict=True) if key not in found]
    fresh = _render_missing(context, missing, key_of) if missing else {}
    fragments = [
        found.get(key) or fresh.get(card.pk) for card, key in zip(cards, keys, strict=True)
    ]
    token = _csrf_token(context)
    # Every fragment was rendered by the autoescaping template engine.
    return mark_safe(
        "".join(_fill(fragment, csrf_token=token) for fragment in fragments if fragment)
    )


def _comment_key(comment, *, liked: bool, can_delete: bool, reader: str) -> str:
    parts = (
        comment.pk,
        comment.reaction_count,
        comment.deleted_at is not None,
        # Held and hidden comments show their state and reason to their writer and moderators.
        comment.status,
        getattr(comment, "moderation_reason", None),
        comment.parent_id is None,
        *_author_parts(comment.author),
        liked,
        can_delete,
        reader,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"comment:{KEY_VERSION}:{comment.pk}:{digest}"


def _comment_reader(context) -> str:
    if context.get("user_is_moderator"):
        return "moderator"  # moderators get a "Moderate" link where members get "Report"
    return "member" if context["user"].is_authenticated else f"visitor:{context['request'].path}"


def _thread_html(context, comments, *, csrf_token: str) -> str:
    """Top-level comments with their replies, each comment from its own cached fragment."""
    user = context["user"]
    liked_ids = context.get("liked_ids") or set()
    reader = _comment_reader(context)
    # One cache lookup for the whole thread, replies included.
    flat = [c for top in comments for c in (top, *getattr(top, "shown_replies", ()))]
    deletable = {comment.pk for comment in flat if can_delete_comment(user, comment)}

    def key_of(comment):
        return _comment_key(
            comment,
            liked=comment.pk in liked_ids,
            can_delete=comment.pk in deletable,
            reader=reader,
        )

    shells = _render_cached(
        context,
        flat,
        key_of,
        "posts/_comment.html",
        "comment",
        lambda comment: {"can_delete": comment.pk in deletable},
    )
    shell_of = {comment.pk: shell for comment, shell in zip(flat, shells, strict=True)}
    parts = []
    for top in comments:
        replies = "".join(
            _fill(shell_of[reply.pk], csrf_token=csrf_token)
            for reply in getattr(top, "shown_replies", ())
        )
        parts.append(_fill(shell_of[top.pk], csrf_token=csrf_token, replies=replies))
    return "".join(parts)


def _whole_thread(context, thread: PageThread) -> str:
    """A post page's whole thread, kept as one fragment under the thread's facts for this
    reader (selectors.get_page_thread): on a warm cache no comment is built or looked up.
    Returns the marker the page's view splices the thread in at (core.fragments.spliced)."""
    parts = (
        KEY_VERSION,
        thread.facts,
        _comment_reader(context),
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    key = f"thread:{thread.post.pk}:{hashlib.sha1(repr(parts).encode()).hexdigest()}"
    threads = caches["threads"]
    # Kept as UTF-8 cut at the CSRF token's places: one join puts the reader's token in, and the
    # page's view splices the result into its response's bytes (core.fragments.splice_later).
    pieces = threads.get(key)
    if pieces is None:
        seal = new_seal()
        with context.push(liked_ids=thread.liked_comment_ids):
            html = _thread_html(context, thread.comments, csrf_token=_csrf_marker(seal))
        pieces = [piece.encode() for piece in html.split(_csrf_marker(seal))]
        threads.set(key, pieces, CARD_SECONDS)
    return splice_later(context["request"], _csrf_token(context).encode().join(pieces))


@register.simple_tag(takes_context=True)
def comment_thread(context, comments):
    """A post page's thread (a selectors.PageThread), or top-level comments with their replies
    (``shown_replies``), or one new comment."""
    if isinstance(comments, PageThread):
        # Every fragment was rendered by the autoescaping template engine.
        return mark_safe(_whole_thread(context, comments))
    comments = comments if isinstance(comments, list | tuple) else [comments]
    if not comments:
        return ""
    # Every fragment was rendered by the autoescaping template engine.
    return mark_safe(_thread_html(context, comments, csrf_token=_csrf_token(context)))
