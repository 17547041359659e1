"""Atom feeds of articles and of public spaces, for feed readers (which never log in).

Feeds are built for an anonymous reader, so a members-only or restricted space has no feed
(404, like its page), and a closed community has none at all.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from hiroba.community.permissions import access_space
from hiroba.community.selectors import get_community
from hiroba.core.plaintext import markdown_excerpt
from hiroba.posts import selectors
from hiroba.posts.sharing import space_feed_title

FEED_SIZE = 30


class ArticlesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        if not get_community().is_open:
            raise Http404("No feed")
        return None

    def title(self):
        return _("%(community)s: articles") % {"community": get_community().name}

    def link(self):
        return reverse("posts:articles")

    def items(self):
        return selectors.list_articles(AnonymousUser(), size=FEED_SIZE).items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        return reverse("posts:detail", args=[item.pk])

    def item_author_name(self, item):
        return item.author.display_name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.edited_at or item.published_at


class SpaceFeed(ArticlesFeed):
    def get_object(self, request, slug):
        return access_space(AnonymousUser(), slug)

    def title(self, space):
        return space_feed_title(space)

    def link(self, space):
        return reverse("posts:space", args=[space.slug])

    def items(self, space):
        return selectors.list_space_posts(AnonymousUser(), space, size=FEED_SIZE).items

    def item_title(self, item):
        return item.title or markdown_excerpt(item.body, 60)
