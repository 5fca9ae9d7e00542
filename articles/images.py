"""Article images: upload checks, queueing the renditions, and what a page needs for <picture>.

The renditions themselves are made in the background by articles.tasks.make_renditions with
sorl-thumbnail; see docs/media.md.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from html import unescape
from io import BytesIO
from urllib.parse import unquote, urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from articles.tasks import make_renditions

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


def check_image_upload(upload) -> None:
    """Refuse a file over IMAGE_MAX_BYTES, a decompression bomb, or anything not JPEG/PNG/WebP.

    Only the header is read (Image.open is lazy), so a bomb is caught before it is decoded.
    """
    if upload.size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s; images may be at most %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.IMAGE_MAX_BYTES),
            },
        )
    position = upload.tell()
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; we refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _(
                "This image has too many pixels to be processed safely. "
                "Please upload a smaller version (at most %(megapixels)d megapixels)."
            ),
            code="too_many_pixels",
            params={"megapixels": Image.MAX_IMAGE_PIXELS // 1_000_000},
        ) from exc
    except Exception as exc:  # Pillow raises many kinds of errors for what it cannot read
        raise ValidationError(_("This file is not an image."), code="not_an_image") from exc
    finally:
        upload.seek(position)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Please upload a JPEG, PNG or WebP image."), code="unsupported_format"
        )


class CheckedImageField(forms.ImageField):
    """Django's ImageField, with the size, pixel and format checks above run first."""

    def to_python(self, data):
        if data is not None and hasattr(data, "size"):
            check_image_upload(data)
        return super().to_python(data)


def refresh_renditions(article) -> None:
    """After the image changed: queue its renditions once the transaction commits (the
    original is shown until they are ready), or forget them when the image was removed."""
    if not article.image:
        article.renditions.all().delete()
        return
    pk, name = article.pk, article.image.name
    transaction.on_commit(lambda: make_renditions.enqueue(pk, name))


@dataclass(frozen=True)
class Picture:
    """What templates/articles/_picture.html needs; srcsets are empty until renditions exist."""

    src: str
    width: int
    height: int
    webp_srcset: str = ""
    jpeg_srcset: str = ""


def picture_for(article) -> Picture | None:
    """The article's image as renditions when they are ready, otherwise the original."""
    if not article.image:
        return None
    renditions = getattr(article, "picture_renditions", None)  # with_pictures() read them
    if renditions is None:
        renditions = article.renditions.order_by("width")
    current = [r for r in renditions if r.source == article.image.name]
    webp = [r for r in current if r.format == "webp"]
    jpeg = [r for r in current if r.format == "jpeg"]
    if not webp or not jpeg:
        return Picture(
            src=article.image.url, width=article.image_width or 0, height=article.image_height or 0
        )
    storage = article.image.storage
    # For browsers without srcset: a middle size rather than the largest.
    fallback = max((r for r in jpeg if r.width <= 800), key=lambda r: r.width, default=jpeg[0])
    return Picture(
        src=storage.url(fallback.file),
        width=fallback.width,
        height=fallback.height,
        webp_srcset=", ".join(f"{storage.url(r.file)} {r.width}w" for r in webp),
        jpeg_srcset=", ".join(f"{storage.url(r.file)} {r.width}w" for r in jpeg),
    )


# --- images inside the article body --------------------------------------------------------

_IMG_TAG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')


def size_body_images(html: str) -> str:
    """Give each of our own images in an article body its width and height, so the page does
    not jump while it loads, and lazy loading. Read once, when the article is saved; images
    from elsewhere and unreadable files are left as they are."""

    def sized(match: re.Match) -> str:
        tag = match.group(0)
        src = _SRC.search(tag)
        name = _storage_name(unescape(src.group(1))) if src else None
        if name is None or " width=" in tag:
            return tag
        try:
            with default_storage.open(name) as file, Image.open(file) as image:
                width, height = image.size
        except (OSError, ValueError, Image.DecompressionBombError):
            return tag
        extra = f' width="{width}" height="{height}"'
        if " loading=" not in tag:
            extra += ' loading="lazy"'
        return tag.removesuffix(">").removesuffix("/").rstrip() + extra + ">"

    return _IMG_TAG.sub(sized, html)


def _storage_name(url: str) -> str | None:
    """The storage name behind a URL of our media (relative, or absolute on SITE_URL)."""
    parts = urlsplit(url)
    if parts.netloc and f"{parts.scheme}://{parts.netloc}" != settings.SITE_URL.rstrip("/"):
        return None
    prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    if not parts.path.startswith(prefix):
        return None
    name = unquote(parts.path.removeprefix(prefix))
    return name if name and ".." not in name.split("/") else None


BODY_IMAGE_MAX_WIDTH = 1600  # the widest an article's text column ever asks for, at 2×


def body_image_content(upload) -> tuple[ContentFile, str]:
    """An image for an article's text, as it is stored: turned upright and, when wider than
    BODY_IMAGE_MAX_WIDTH, scaled down, in WebP (a phone photo of 12 MB becomes about 200 KB).
    Returns the file and its extension. The upload was checked by CheckedImageField."""
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        if image.width > BODY_IMAGE_MAX_WIDTH:
            height = round(image.height * BODY_IMAGE_MAX_WIDTH / image.width)
            image = image.resize((BODY_IMAGE_MAX_WIDTH, height), Image.Resampling.LANCZOS)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        buffer = BytesIO()
        image.save(buffer, "WEBP", quality=settings.IMAGE_QUALITY["webp"])
    return ContentFile(buffer.getvalue()), "webp"
