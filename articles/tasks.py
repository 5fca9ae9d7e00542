"""Background work for articles (Django's Tasks API through the django-tasks backport)."""

import warnings

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task
from PIL import Image
from sorl.thumbnail import get_thumbnail

from articles.models import Article, ArticleNote, ImageRendition
from newsroom.site import absolute, display_name

TALLEST = 100_000
FORMATS = {ImageRendition.Format.WEBP: "WEBP", ImageRendition.Format.JPEG: "JPEG"}


def rendition_widths(original_width: int) -> list[int]:
    """The configured widths below the original, plus the original (capped), never upscaled."""
    configured = sorted(settings.IMAGE_RENDITION_WIDTHS)
    below = [width for width in configured if width < original_width]
    return [*below, min(original_width, configured[-1])]


@task()
def make_renditions(article_id: int, image_name: str) -> int:
    """Make the article's renditions of `image_name`; returns how many were new.

    Runs again safely: sorl-thumbnail finds a rendition it already made (by source and
    options) and returns it without decoding the original, and rows are keyed by source,
    format and width. A task for an image that has since been replaced does nothing.
    """
    article = Article.objects.filter(pk=article_id).first()
    if article is None or article.image.name != image_name:
        return 0
    if not article.image.storage.exists(image_name):
        return 0
    made = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        for width in rendition_widths(article.image_width or article.image.width):
            for fmt, pillow_format in FORMATS.items():
                thumbnail = get_thumbnail(
                    article.image,
                    f"{width}x{TALLEST}",  # exactly this wide: the height never binds
                    format=pillow_format,
                    quality=settings.IMAGE_QUALITY[fmt],
                    upscale=False,
                )
                _rendition, created = ImageRendition.objects.update_or_create(
                    article=article,
                    source=image_name,
                    format=fmt,
                    width=thumbnail.width,
                    defaults={"height": thumbnail.height, "file": thumbnail.name},
                )
                made += created
    # Renditions of an earlier image are no longer shown; sorl keeps its files for reuse.
    article.renditions.exclude(source=image_name).delete()
    return made


@task()
def notify_note_authors(note_id: int) -> int:
    """E-mail an editors' note to the article's authors (first and co-authors) other than its
    writer, in the site's language, with a link to the article's change form; returns how many
    were sent. A note deleted since sends nothing."""
    note = ArticleNote.objects.select_related("article", "author").filter(pk=note_id).first()
    if note is None:
        return 0
    article = note.article
    recipients = sorted(
        {
            person.email
            for person in article.authors
            if person.is_active and person.email and person.pk != note.author_id
        }
    )
    if not recipients:
        return 0
    context = {
        "note": note,
        "article": article,
        "writer": display_name(note.author) or "—",
        "change_url": absolute(reverse("admin:articles_article_change", args=[article.pk]))
        + "#article-notes",
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("articles/email/note_subject.txt", context).split())
        body = render_to_string("articles/email/note_body.txt", context)
    connection = get_connection(fail_silently=False)
    return connection.send_messages([EmailMessage(subject, body, None, [to]) for to in recipients])
