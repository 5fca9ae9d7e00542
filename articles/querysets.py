"""How articles are selected: the reader-visible and editorial states, lists and their pictures.

Article.objects is an ArticleQuerySet (articles.models). The states are defined once here and
used by the admin, the views, the feeds and the page cache (docs/editorial.md).
"""

from django.apps import apps
from django.db import models
from django.db.models import F
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see: status published and a publication time already reached."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def latest_first(self):
        return self.order_by("-published_at", "-pk")

    def breaking(self):
        """Published articles an editor marked as breaking news whose time has not run out."""
        return self.published().filter(breaking_until__gt=timezone.now()).latest_first()

    def next_timed_change(self):
        """The next moment readers' pages change by time alone: a scheduled article's
        publication or the end of a breaking-news run (None when nothing is due)."""
        now = timezone.now()
        moments = [
            self.scheduled().order_by("published_at").values_list("published_at", flat=True),
            self.published()
            .filter(breaking_until__gt=now)
            .order_by("breaking_until")
            .values_list("breaking_until", flat=True),
        ]
        due = [moment for moment in (query.first() for query in moments) if moment is not None]
        return min(due, default=None)

    def for_lists(self, *, with_body=False):
        """What lists of articles (cards, most read, the breaking bar) read: LIST_FIELDS, and
        the body only for the lists that quote it (`with_body`: search snippets, "see
        also"); the body, the search vector and the editor's note are most of a row's bytes."""
        fields = (*LIST_FIELDS, "body") if with_body else LIST_FIELDS
        return self.only(*fields)

    def with_authors(self):
        """Every byline (Article.authors) in two queries however many articles: the first
        author joined, the co-authors prefetched with their users (and their profiles, for the
        author pages' addresses)."""
        links = apps.get_model("articles", "ArticleAuthor").objects.select_related(
            "user__author_profile"
        )
        return self.select_related("author__author_profile").prefetch_related(
            models.Prefetch("coauthor_links", queryset=links.order_by("position", "pk"))
        )

    def by_author(self, user):
        """Articles `user` signs, first or co-author."""
        links = apps.get_model("articles", "ArticleAuthor").objects.filter(user=user)
        return self.filter(models.Q(author=user) | models.Q(pk__in=links.values("article")))

    def with_pictures(self):
        """Prefetch the image renditions, so lists build their srcset without a query per item
        (see `attach_pictures` for articles of several lists at once)."""
        return self.prefetch_related(renditions_prefetch())

    # Editorial states (docs/editorial.md): one definition each, used by the admin and the views.
    def drafts(self):
        return self.filter(status=self.model.Status.DRAFT)

    def in_review(self):
        """The editors' review queue, oldest submission first."""
        return self.filter(status=self.model.Status.REVIEW).order_by(
            F("submitted_at").asc(nulls_first=True), "pk"
        )

    def scheduled(self):
        """Published with a future time: waiting to appear by itself."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def withdrawn(self):
        """Unpublished by an editor: gone from every list; the reader URL answers 410."""
        return self.filter(status=self.model.Status.WITHDRAWN)

    def in_state(self, state: str):
        """Filter by an Article.State value (the admin's state filter)."""
        return {
            self.model.State.DRAFT: self.drafts,
            self.model.State.REVIEW: self.in_review,
            self.model.State.SCHEDULED: self.scheduled,
            self.model.State.PUBLISHED: self.published,
            self.model.State.WITHDRAWN: self.withdrawn,
        }[state]()


# What lists of articles show (cards, the most-read block, the breaking bar, search results,
# "see also"): a third of the row's columns. Every column read is also compiled into the SQL
# and set on each instance, on every page; reading a field left out costs a query per article
# (the query budgets in tests/perf catch that).
LIST_FIELDS = (
    "title",
    "slug",
    "category",
    "lead",
    "image",
    "image_width",
    "image_height",
    "image_alt",
    "status",
    "published_at",
)


def renditions_prefetch():
    """The image renditions of listed articles, smallest first, into a plain list
    (`picture_renditions`, read by articles.images.picture_for): a prefetch into the related
    manager would build a filtered queryset for every article, which cost more than the rest
    of a card."""
    renditions = apps.get_model("articles", "ImageRendition").objects.order_by("width")
    return models.Prefetch(
        "renditions",
        queryset=renditions,
        to_attr="picture_renditions",
    )


def attach_pictures(articles) -> None:
    """with_pictures() for articles already loaded by several queries: one query for all."""
    models.prefetch_related_objects(list(articles), renditions_prefetch())
