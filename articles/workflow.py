"""The editorial workflow: every change of an article's editorial state, in one place.

draft → in review (`submit`, stamped for the review queue) → published now or at a future time
(`publish`, scheduled until then); an editor may `send_back` with a note or `return_to_draft`.
Saving the admin's form (`save_edited`) applies what the workflow derives from an edit, and
`record_corrections` dates a correction for readers. The admin and the management commands call
these; they only write through the model (its save() derives the search vector and counts a
new version, so a form opened before is refused, articles/conflicts.py); the bulk changes lock
and re-read each row and write only the fields they change, never a stale copy. Who may do
what is articles.permissions; the states are queries in articles.querysets (docs/editorial.md).
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from articles import permissions
from articles.images import refresh_renditions
from articles.models import Article


def submit(article: Article, *, previous_status: str | None) -> None:
    """Stamp a (re)submission for the review queue, oldest first; the caller saves."""
    if article.status == Article.Status.REVIEW and previous_status != Article.Status.REVIEW:
        article.submitted_at = timezone.now()


def save_edited(
    article: Article,
    *,
    by,
    is_new: bool,
    previous_status: str | None,
    changed_fields: Iterable[str],
    breaking_hours: int | None = None,
) -> None:
    """Save an article as edited in the admin's form, with what the workflow derives:

    - a journalist signs a new article as themselves, and an article without an author is
      the saver's;
    - entering review stamps the submission (`submit`);
    - a change to the content of an article readers already see is dated for them;
    - an editor may start or end a breaking-news run (`breaking_hours`, 0 ends it);
    - a new or removed image queues or drops its renditions once saved.
    """
    changed_fields = list(changed_fields)
    editor = permissions.can_publish(by)
    if not is_new and not editor and not permissions.is_author(by, article):
        raise PermissionDenied  # no editing, or sending to review, another's article
    if article.author_id is None or (is_new and not editor):
        article.author = by
    submit(article, previous_status=None if is_new else previous_status)
    if not is_new and Article.objects.published().filter(pk=article.pk).exists():
        article.note_content_change(changed_fields)
    if breaking_hours is not None and editor:
        article.mark_breaking(breaking_hours)
    article.save()
    if "image" in changed_fields:
        refresh_renditions(article)


def record_corrections(article: Article, *, by, saved: list, deleted: list) -> None:
    """Corrections added or edited (signed by `by` when new) and removed; an added or edited
    one dates the article's content change."""
    for correction in saved:
        if correction.created_by_id is None:
            correction.created_by = by
        correction.save()
    for correction in deleted:
        correction.delete()
    if saved:
        article.note_content_change(["corrections"])
        article.save(update_fields=["content_updated_at"])


def publish(article: Article, *, at=None) -> None:
    """Published at `at` (a future time schedules it), else at its own time or now."""
    article.status = Article.Status.PUBLISHED
    article.published_at = at or article.published_at or timezone.now()
    article.save(update_fields=["status", "published_at", "updated_at"])


def publish_now(articles: QuerySet, *, as_new: bool = False) -> int:
    """Publish the articles readers do not see yet; a count. A scheduled one keeps its time,
    and so does one published before (returned to draft or withdrawn): republishing does not
    re-date a story, unless the editor chooses to republish it `as_new` (dated now, at the top
    of the lists and feeds)."""
    now = timezone.now()
    count = 0
    with transaction.atomic():
        for article in current_rows(articles).exclude(
            status=Article.Status.PUBLISHED, published_at__lte=now
        ):
            keep = article.published_at if article.published_at and not as_new else None
            if article.status == Article.Status.WITHDRAWN:
                article.withdrawn_reason, article.withdrawn_at = "", None
                article.status = Article.Status.PUBLISHED
                article.published_at = keep or now
                article.save(
                    update_fields=[
                        "status", "published_at", "withdrawn_reason", "withdrawn_at", "updated_at",
                    ]
                )  # fmt: skip
            else:
                publish(article, at=keep or now)
            count += 1
    return count


def withdraw(article: Article, *, by, reason: str) -> None:
    """An editor unpublishes a published (or scheduled) article: it leaves the lists, feeds,
    sitemaps and search at once, and its URL answers 410 with `reason` for readers."""
    if not permissions.can_publish(by):
        raise PermissionDenied
    article.status = Article.Status.WITHDRAWN
    article.withdrawn_reason = reason
    article.withdrawn_at = timezone.now()
    article.breaking_until = None
    article.save(
        update_fields=[
            "status", "withdrawn_reason", "withdrawn_at", "breaking_until", "updated_at",
        ]
    )  # fmt: skip


def can_send_back(article: Article) -> bool:
    """Send back answers a submission: an article in review only (a published one is
    unpublished with `withdraw`, which says what it does)."""
    return article.status == Article.Status.REVIEW


def current_rows(articles: QuerySet) -> QuerySet:
    """The articles as saved now, each row locked until the transaction ends (PostgreSQL)."""
    return articles.select_related(None).select_for_update()


def send_back(article: Article, *, by, note: str) -> None:
    """An editor returns the article to its journalist as a draft, with a note."""
    article.status = Article.Status.DRAFT
    article.editor_note = note
    article.editor_note_by = by
    article.editor_note_at = timezone.now()
    article.save(
        update_fields=["status", "editor_note", "editor_note_by", "editor_note_at", "updated_at"]
    )


def return_to_draft(articles: QuerySet) -> int:
    """Unpublish or withdraw the articles that are not drafts, one save (one version) each."""
    count = 0
    with transaction.atomic():
        for article in current_rows(articles).exclude(status=Article.Status.DRAFT):
            article.status = Article.Status.DRAFT
            article.save(update_fields=["status", "updated_at"])
            count += 1
    return count
