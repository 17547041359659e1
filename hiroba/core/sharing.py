"""What a link preview shows: the Open Graph and Twitter card data of a shareable page.

A page that anyone may read (a post, article, question or idea in a public space, a public space,
a tag with public posts, a member's page, of an open community) builds a PageMeta from what it
shows everyone; LINE, X and search engines read it from the <head>, and the share buttons use it.
Pages built for one reader (members-only or restricted content, a closed community) get none:
the preview a crawler fetches is the same anonymous page either way, and no member's view can
put what only members see into a preview. Each app decides "public" in its permissions module.
"""

from dataclasses import dataclass

from hiroba.core.templatetags.hiroba_text import plain_text

DESCRIPTION_LENGTH = 150
TITLE_LENGTH = 60


class Kind:
    """og:type values."""

    ARTICLE = "article"
    WEBSITE = "website"
    PROFILE = "profile"


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    url: str  # absolute and canonical: no cursor, no sort order
    image: str = ""  # absolute; empty means the community's logo
    has_own_image: bool = False  # a photo or cover of the content: a large preview card
    kind: str = Kind.ARTICLE
    feeds: tuple[tuple[str, str], ...] = ()  # (title, absolute URL) of Atom feeds to announce


def page_meta(
    request,
    *,
    title: str,
    description: str,
    path: str,
    image_url: str = "",
    has_own_image: bool = False,
    kind: str = Kind.ARTICLE,
    feeds: tuple[tuple[str, str], ...] = (),
) -> PageMeta:
    """A PageMeta with absolute addresses; ``description`` is cut to what previews show."""
    absolute = request.build_absolute_uri
    return PageMeta(
        title=shorten(title, TITLE_LENGTH),
        description=shorten(description, DESCRIPTION_LENGTH),
        url=absolute(path),
        image=absolute(image_url) if image_url else "",
        has_own_image=bool(image_url) and has_own_image,
        kind=kind,
        feeds=tuple((name, absolute(url)) for name, url in feeds),
    )


def excerpt(rendered_html: str, length: int | None = None) -> str:
    """The plain text of sanitized HTML on one line, cut to ``length`` with an ellipsis."""
    return shorten(plain_text(rendered_html), length)


def shorten(text: str, length: int | None) -> str:
    text = " ".join((text or "").split())
    if length is not None and len(text) > length:
        text = text[: length - 1].rstrip() + "…"
    return text
