"""RSS 2.0 and Atom feeds of the latest published articles, for the site and for each section.

Links are absolute from SITE_URL (never the request's host), and each item's guid is the
article's short link, which survives a change of slug.
"""

import mimetypes

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.models import Article, Category, author_url
from newsroom.feeds import Atom1Feed, Rss201rev2Feed
from newsroom.site import absolute, display_name

FEED_SIZE = 20


def author_name(article: Article) -> str:
    """Every byline, in order, as one name (RSS and Atom items carry one author element)."""
    return "، ".join(filter(None, (display_name(user) for user in article.authors)))


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "ar"

    def title(self, obj=None):
        return _("Newsroom")

    def description(self, obj=None):
        return _("The latest news from Newsroom.")

    def link(self, obj=None):
        return absolute(reverse("articles:home"))

    def feed_url(self, obj=None):
        return absolute(reverse("articles:feed"))

    def articles(self, obj=None):
        return Article.objects.published()

    def items(self, obj=None):
        return (
            self.articles(obj).latest_first().select_related("category").with_authors()[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers show a description as HTML; the lead and the excerpt are plain text.
        return escape(item.lead or item.excerpt[:500])

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return absolute(reverse("articles:shortlink", kwargs={"pk": item.pk}))

    def item_author_name(self, item):
        return author_name(item) or None

    def item_author_link(self, item):
        """The first byline's author page (Atom's <uri>)."""
        url = author_url(item.authors[0]) if item.authors else None
        return absolute(url) if url else None

    def item_categories(self, item):
        return [item.category.name]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_enclosures(self, item):
        if not item.image:
            return []
        try:
            length = item.image.size
        except OSError:  # the file went missing from storage: no enclosure rather than no feed
            return []
        mime_type = mimetypes.guess_type(item.image.name)[0] or "image/jpeg"
        return [Enclosure(absolute(item.image.url), str(length), mime_type)]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)

    def feed_url(self, obj=None):
        return absolute(reverse("articles:feed-atom"))


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj=None):
        return f"{obj.name} — {_('Newsroom')}"

    def description(self, obj=None):
        return escape(obj.description or obj.name)  # plain text, read as HTML by some readers

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute(reverse("articles:category-feed", kwargs={"slug": obj.slug}))

    def articles(self, obj=None):
        return obj.articles.published()


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)

    def feed_url(self, obj=None):
        return absolute(reverse("articles:category-feed-atom", kwargs={"slug": obj.slug}))
