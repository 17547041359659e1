"""``{% post_cards posts %}``: feed cards rendered once and reused from the cache.

A feed page is twenty cards of nested templates; rendering them was most of a page's time.
Each card's HTML is cached under a key made of everything it shows (counters, edit time,
pin, photo sizes, the author's name, icon and role, the reader's like, language, time zone),
so a change to any of those makes a new key rather than needing invalidation. The CSRF token of
the like form is per reader: cached cards carry a placeholder replaced on the way out.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

register = template.Library()

CARD_SECONDS = 600
CSRF_PLACEHOLDER = "__hiroba_csrf_token__"


def _card_key(post, *, liked: bool, reader: str, space_id) -> str:
    author = post.author
    photos = post.photos.all()  # prefetched by selectors.with_cards
    parts = (
        post.pk,
        post.reaction_count,
        post.comment_count,
        post.edited_at.timestamp() if post.edited_at else 0,
        post.is_pinned,
        len(photos),
        sum(1 for photo in photos if photo.thumb),
        author.display_name,
        author.icon_small.name if author.icon_small else author.icon.name,
        author.role,
        author.is_official,
        liked,
        reader,
        space_id,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"card:{post.pk}:{digest}"


@register.simple_tag(takes_context=True)
def post_cards(context, posts):
    posts = list(posts)
    if not posts:
        return ""
    request = context["request"]
    user = context["user"]
    liked_ids = context.get("liked_ids") or set()
    space = context.get("space")
    # Visitors' like button is a log-in link back to the page they are on.
    reader = "member" if user.is_authenticated else f"visitor:{request.path}"
    keys = {
        post.pk: _card_key(
            post, liked=post.pk in liked_ids, reader=reader, space_id=getattr(space, "pk", None)
        )
        for post in posts
    }
    found = cache.get_many(list(keys.values()))
    card_template = context.template.engine.get_template("posts/_card.html")
    rendered, fresh = [], {}
    for post in posts:
        html = found.get(keys[post.pk])
        if html is None:
            with context.push(post=post, csrf_token=CSRF_PLACEHOLDER):
                html = card_template.render(context)
            fresh[keys[post.pk]] = html
        rendered.append(html)
    if fresh:
        cache.set_many(fresh, CARD_SECONDS)
    html = "".join(rendered)
    if user.is_authenticated and CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # every card was rendered by the autoescaping template engine
