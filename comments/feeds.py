"""RSS feed of an article's approved comments (never pending, spam or trash)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.models import Article
from comments import pages
from comments.models import Comment
from comments.rendering import render_comment_text
from newsroom.feeds import Rss201rev2Feed
from newsroom.site import absolute

FEED_SIZE = 50


class ArticleCommentsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "ar"

    def get_object(self, request, article_id):
        return get_object_or_404(Article.objects.published(), pk=article_id)

    def title(self, obj):
        return _("Comments on: %(title)s") % {"title": obj.title}

    def description(self, obj):
        return escape(_("Readers' comments on “%(title)s”.") % {"title": obj.title})

    def link(self, obj):
        return absolute(f"{obj.get_absolute_url()}#comments")

    def feed_url(self, obj):
        path = reverse("comments:feed", kwargs={"article_id": obj.pk})
        return absolute(path)

    def items(self, obj):
        items = list(
            Comment.objects.visible().filter(article=obj).order_by("-created_at")[:FEED_SIZE]
        )
        links = pages.permalinks(obj, items)  # the page of comments each one is on
        for item in items:
            item.permalink = links[item.pk]
        return items

    def item_title(self, item):
        if item.featured_at:
            return _("Editor's pick: by %(name)s") % {"name": item.author_name}
        return _("By %(name)s") % {"name": item.author_name}

    def item_categories(self, item):
        return [_("Editor's picks")] if item.featured_at else []

    def item_description(self, item):
        # Feed readers show a description as HTML: the text as readers see it on the page.
        return render_comment_text(item.content)

    def item_link(self, item):
        return absolute(item.permalink)

    def item_author_name(self, item):
        return item.author_name

    def item_pubdate(self, item):
        return item.created_at
