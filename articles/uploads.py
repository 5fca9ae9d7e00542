"""Names of uploaded files: unguessable, so that a draft's image cannot be found by guessing.

Django would keep the uploader's file name (`articles/2026/11/park.jpg`, then `park_aB3x.jpg`):
anyone could try names and see a draft's image before the article is published. Every upload
is stored instead as `<folder>/<22 random URL-safe characters>.<extension>`, with 128 bits from
`secrets`; the original name is kept nowhere, since nothing shows it.
"""

import re
import secrets
from pathlib import PurePosixPath

from django.utils import timezone
from django.utils.deconstruct import deconstructible

_EXTENSION = re.compile(r"\.[a-z0-9]{1,5}")


def unguessable_name(folder: str, extension: str) -> str:
    """`folder` (strftime codes allowed, e.g. "articles/%Y/%m/") + a random name + extension.
    An odd extension is dropped; the image checks have already refused what is not an image."""
    extension = "." + extension.lower().lstrip(".") if extension else ""
    if not _EXTENSION.fullmatch(extension):
        extension = ""
    return timezone.now().strftime(folder) + secrets.token_urlsafe(16) + extension


@deconstructible(path="articles.uploads.UnguessableName")
class UnguessableName:
    """An `upload_to` that keeps only the extension of the uploaded file's name."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return unguessable_name(self.folder, PurePosixPath(filename).suffix)

    def __eq__(self, other):
        return isinstance(other, UnguessableName) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)
