"""The images of an imported site: each file under wp-content/uploads is stored once, checked
like any upload (articles/images.py: size, pixels, JPEG/PNG/WebP only), under an unguessable
name. Files come from a local copy of the uploads folder (`--media`); with `--fetch-media`,
the ones missing there are downloaded from the old site (bounded size and time, images only).
A file that cannot be had is reported, never fatal."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from articles.images import check_image_upload
from articles.uploads import unguessable_name

FETCH_TIMEOUT = 15  # seconds for one download
UPLOADS = "/wp-content/uploads/"
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")  # WordPress's resized copies: name-300x200.jpg


class Media:
    def __init__(
        self, *, site_url: str, media_dir: Path | None, fetch: bool, items, report, dry_run=False
    ):
        self.site_host = (urlsplit(site_url).hostname or "").lower()
        self.media_dir = Path(media_dir) if media_dir else None
        self.fetch = fetch
        self.dry_run = dry_run  # check files, store none
        self.items = items  # importer.Items: the WordPressItem rows of this site
        self.report = report
        self.known_urls: set[str] = set()  # attachment URLs from the export (may be on a CDN)

    def relative_path(self, url: str) -> str | None:
        """The path under wp-content/uploads of one of the old site's upload URLs."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        if UPLOADS not in path:
            return None
        host = (parts.hostname or "").lower()
        if host and host != self.site_host and url not in self.known_urls:
            return None
        relative = path.split(UPLOADS, 1)[1]
        if not relative or ".." in PurePosixPath(relative).parts:
            return None
        return relative

    def stored_name(self, url: str) -> str | None:
        """The storage name of the image at this old URL, importing it on first sight; None
        when it is not one of the old site's uploads or cannot be had (reported)."""
        relative = self.relative_path(url)
        if relative is None:
            return None
        # A resized copy (photo-300x200.jpg) is replaced by its original when that is at hand.
        original = _SIZE_SUFFIX.sub("", relative)
        for candidate in dict.fromkeys((original, relative)):
            row = self.items.get("media", candidate)
            if row is not None:
                return row.data.get("name") or None
        for candidate in dict.fromkeys((original, relative)):
            content = self._read(candidate, url.replace(relative, candidate))
            if content is None:
                continue
            name = self._store(candidate, content)
            if name:
                self.items.put("media", candidate, None, {"name": name, "url": url})
                return name
            return None
        self.report.problem("media", relative, "missing: not in --media and not fetched")
        self.items.put("media", relative, None, {"name": "", "url": url})
        return None

    def url(self, name: str) -> str:
        return default_storage.url(name)

    def _read(self, relative: str, url: str) -> bytes | None:
        if self.media_dir is not None:
            path = self.media_dir / relative
            if path.is_file():
                if path.stat().st_size > settings.IMAGE_MAX_BYTES:
                    self.report.problem("media", relative, "refused: larger than IMAGE_MAX_BYTES")
                    return b""
                return path.read_bytes()
        if self.fetch and urlsplit(url).scheme in ("http", "https"):
            return self._download(relative, url)
        return None

    def _download(self, relative: str, url: str) -> bytes | None:
        limit = settings.IMAGE_MAX_BYTES
        request = urllib.request.Request(url, headers={"User-Agent": "Newsroom WordPress import"})
        try:
            with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
                if not response.headers.get("Content-Type", "").startswith("image/"):
                    self.report.problem("media", relative, "refused: the server says not an image")
                    return b""
                data = response.read(limit + 1)
        except (OSError, ValueError) as exc:
            self.report.problem("media", relative, f"download failed: {exc}")
            return b""
        if len(data) > limit:
            self.report.problem("media", relative, "refused: larger than IMAGE_MAX_BYTES")
            return b""
        return data

    def _store(self, relative: str, content: bytes) -> str | None:
        if not content:
            return None
        upload = ContentFile(content, name=PurePosixPath(relative).name)
        try:
            check_image_upload(upload)
        except ValidationError as exc:
            self.report.problem("media", relative, f"refused: {' '.join(exc.messages)}")
            return None
        if self.dry_run:
            return f"dry-run/{relative}"
        extension = PurePosixPath(relative).suffix
        return default_storage.save(unguessable_name("articles/%Y/%m/", extension), upload)
