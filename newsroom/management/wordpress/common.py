"""What every part of the WordPress import shares: the mapping of WordPress ids to ours
(articles.wordpress.WordPressItem), the pools of reserved ids that let a batch be written in
a few INSERTs, and the small conversions of WordPress's fields."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.html import strip_tags

from articles.models import Article, Page, WordPressItem
from comments.models import Comment, CommentEvent

SOURCE = "WordPress"
JOURNALISTS = "Journalists"
ZERO_DATE = "0000-00-00 00:00:00"

# WordPress post status -> (our status, has a publication time, outcome in the summary).
POST_STATUS = {
    "publish": (Article.Status.PUBLISHED, True),
    "future": (Article.Status.PUBLISHED, True),  # a future time: scheduled
    "draft": (Article.Status.DRAFT, False),
    "pending": (Article.Status.REVIEW, False),
    "private": (Article.Status.DRAFT, True),  # not public here: kept as a draft
}
COMMENT_STATUS = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
    "post-trashed": Comment.Status.TRASH,
}
AKISMET_EVENTS = {
    "check-ham": CommentEvent.Event.CHECK_HAM,
    "check-spam": CommentEvent.Event.CHECK_SPAM,
    "recheck-ham": CommentEvent.Event.RECHECK_HAM,
    "recheck-spam": CommentEvent.Event.RECHECK_SPAM,
    "report-spam": CommentEvent.Event.REPORT_SPAM,
    "report-ham": CommentEvent.Event.REPORT_HAM,
    "check-error": CommentEvent.Event.CHECK_ERROR,
}


class Rollback(Exception):
    """Raised at the end of a dry run, so that its transaction stores nothing."""


class Items:
    """This site's WordPressItem rows. Authors, terms, pages and media files are read once per
    kind and kept in memory (a few per author or term); posts, attachments and comments, of
    which a file may hold millions, only for the batch being read (`load` a batch's rows in one
    query, `forget` them once it is written), so that memory stays flat. New rows wait in
    `pending`, in the order they were made, until their batch is written (write_pending)."""

    PER_BATCH = frozenset({"post", "attachment", "comment"})

    def __init__(self, site: str):
        self.site = site
        self.cache: dict[str, dict[str, WordPressItem | None]] = {}
        self.pending: list[WordPressItem] = []

    def _kind(self, kind: str) -> dict[str, WordPressItem | None]:
        if kind not in self.cache:
            if kind in self.PER_BATCH:
                self.cache[kind] = {}
            else:
                rows = WordPressItem.objects.filter(site=self.site, kind=kind)
                self.cache[kind] = {row.wp_id: row for row in rows}
        return self.cache[kind]

    def load(self, kind: str, wp_ids) -> None:
        """Read the rows of these ids of a per-batch kind (absent ones remembered as None)."""
        rows = self._kind(kind)
        wanted = list(dict.fromkeys(str(wp_id) for wp_id in wp_ids if str(wp_id) not in rows))
        for start in range(0, len(wanted), BATCH_ROWS):
            chunk = wanted[start : start + BATCH_ROWS]
            rows.update(dict.fromkeys(chunk))
            found = WordPressItem.objects.filter(site=self.site, kind=kind, wp_id__in=chunk)
            rows.update((row.wp_id, row) for row in found)

    def forget(self) -> None:
        """Drop the per-batch kinds' rows (after the batch is written)."""
        for kind in self.PER_BATCH:
            self.cache.pop(kind, None)

    def get(self, kind: str, wp_id) -> WordPressItem | None:
        rows, wp_id = self._kind(kind), str(wp_id)
        if wp_id not in rows and kind in self.PER_BATCH:
            self.load(kind, [wp_id])  # not read with its batch: one query
        return rows.get(wp_id)

    def put(self, kind: str, wp_id, object_id, data=None, *, later=False) -> WordPressItem:
        """Map a WordPress item to our object: now, or with the batch when `later` (for an
        object written with the batch, so that the two are committed together)."""
        row = self.get(kind, wp_id)
        data = data or {}
        if row is None:
            row = WordPressItem(
                site=self.site, kind=kind, wp_id=str(wp_id), object_id=object_id, data=data
            )
            if later:
                self.pending.append(row)
            else:
                row.save()
            self._kind(kind)[str(wp_id)] = row
        elif row.object_id != object_id or row.data != data:
            row.object_id, row.data = object_id, data
            if row.pk is not None:  # else still pending: written as it is now
                row.save(update_fields=["object_id", "data", "imported_at"])
        return row

    def new_row(self, kind: str, wp_id, object_id) -> WordPressItem:
        """A new row for the caller to write (comments': with the comments, once rendered)."""
        return WordPressItem(site=self.site, kind=kind, wp_id=str(wp_id), object_id=object_id)

    def write_pending(self) -> None:
        rows, self.pending = self.pending, []
        insert_rows(WordPressItem, rows)


class Paths:
    """The old site's addresses (a normalised path, or "/?p=ID") and where they lead now, for
    rewriting links between posts: those noted since the last batch in memory, the rest in a
    temporary table of the database session, read a batch at a time (`load`), so that memory
    does not grow with the file."""

    TABLE = "wordpress_import_paths"

    def __init__(self):
        self.new: dict[str, str] = {}  # noted, not yet in the table
        self.known: dict[str, str | None] = {}  # read from the table for this batch

    def start(self, site: str) -> None:
        """An empty table, then the addresses of the posts of earlier runs."""
        table = self.TABLE
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {table} (path TEXT PRIMARY KEY, url TEXT)"
            )
            cursor.execute(f"DELETE FROM {table}")
            items = WordPressItem._meta.db_table
            if connection.vendor == "postgresql":
                old = "SELECT jsonb_array_elements_text(data->'old_paths'), data->>'url'"
                source = f"FROM {items}"
            else:
                old = "SELECT old.value, json_extract(item.data, '$.url')"
                source = f"FROM {items} item, json_each(item.data, '$.old_paths') old"
            cursor.execute(
                f"INSERT INTO {table} (path, url) {old} {source} WHERE site = %s AND kind = %s "
                "ON CONFLICT (path) DO NOTHING",
                [site, "post"],
            )

    def __setitem__(self, path: str, url: str) -> None:
        self.new[path] = url
        self.known.pop(path, None)

    def get(self, path: str) -> str | None:
        if path in self.new:
            return self.new[path]
        if path not in self.known:
            self.load([path])
        return self.known[path]

    def load(self, paths) -> None:
        wanted = list(dict.fromkeys(p for p in paths if p not in self.new and p not in self.known))
        for start in range(0, len(wanted), BATCH_ROWS):
            chunk = wanted[start : start + BATCH_ROWS]
            self.known.update(dict.fromkeys(chunk))
            marks = ", ".join(["%s"] * len(chunk))
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT path, url FROM {self.TABLE} WHERE path IN ({marks})", chunk)
                self.known.update(cursor.fetchall())

    def write(self) -> None:
        """Into the table: what was noted since the last batch; and forget what was read."""
        rows = list(self.new.items())
        self.new, self.known = {}, {}
        for start in range(0, len(rows), BATCH_ROWS):
            chunk = rows[start : start + BATCH_ROWS]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {self.TABLE} (path, url) VALUES {values} "
                    "ON CONFLICT (path) DO UPDATE SET url = excluded.url",
                    [value for row in chunk for value in row],
                )


# Rows per INSERT, and how many new articles (or comments) make a batch, written in one
# transaction: large enough to make the round trips few, small enough to keep memory flat.
BATCH_ROWS = 1000
ARTICLE_BATCH = 250
COMMENT_BATCH = 2500


def insert_rows(model, objects) -> None:
    """Many new rows of `model`: one COPY on PostgreSQL, which spares building and parsing
    multi-row INSERTs; bulk_create's INSERTs elsewhere. Fields are read as bulk_create reads
    them (Field.pre_save: auto_now times set); objects without an id get one from the table's
    sequence, and unlike bulk_create's, their `pk` stays None here."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=BATCH_ROWS)
        return
    fields = model._meta.concrete_fields
    if objects[0].pk is None:
        fields = [field for field in fields if not field.primary_key]
    encoders = [_copy_encoder(field) for field in fields]
    buffer = io.StringIO()
    write = buffer.write
    for obj in objects:
        values = []
        for field, encode in zip(fields, encoders, strict=True):
            value = field.pre_save(obj, True)
            values.append(_NULL if value is None else encode(value).translate(_COPY_ESCAPES))
        write("\t".join(values))
        write("\n")
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)


# COPY's text format: \N is NULL; backslash, tab, newline and carriage return are escaped.
_NULL = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_encoder(field):
    kind = field.get_internal_type()
    if kind == "JSONField":
        return lambda value: json.dumps(value, cls=field.encoder)
    if kind == "BooleanField":
        return lambda value: "t" if value else "f"
    if kind == "DateTimeField":
        return lambda value: value.isoformat()
    return str  # text, numbers and addresses (already as the database stores them)


class IdPool:
    """Primary keys reserved from a table's sequence, a block at a time, so that a new row
    has its id (and so its address and its HTML) before the batch is written in bulk."""

    def __init__(self, model, block: int = BATCH_ROWS):
        self.model = model
        self.table = model._meta.db_table
        self.column = model._meta.pk.column
        self.block = block
        self.free: list[int] = []
        self.next: int | None = None

    def take(self) -> int:
        if connection.vendor != "postgresql":  # SQLite: one writer, counted here
            if self.next is None:
                last = self.model.objects.order_by("-pk").values_list("pk", flat=True).first()
                self.next = (last or 0) + 1
            self.next += 1
            return self.next - 1
        if not self.free:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [self.table, self.column, self.block],
                )
                self.free = [row[0] for row in cursor.fetchall()][::-1]
        return self.free.pop()


def wp_date(gmt: str, local: str, tz) -> datetime | None:
    """WordPress's post or comment time: the GMT column, else the local one in the site's zone."""
    for value, zone in ((gmt, UTC), (local, tz)):
        if value and value != ZERO_DATE:
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
            except ValueError:
                continue
    return None


def plain(text: str) -> str:
    return " ".join(html.unescape(strip_tags(text or "")).split())


_PARAGRAPH_END = re.compile(r"</p\s*>|<br\s*/?>", re.IGNORECASE)
_LINK = re.compile(r'<a\b[^>]*?href\s*=\s*["\']([^"\']+)["\'][^>]*>(.*?)</a>', re.I | re.S)


def comment_text(content: str) -> str:
    """WordPress's comment HTML as our plain text: paragraphs and line breaks kept, each link's
    address kept after its words (readers' text is never HTML here)."""

    def link(match: re.Match) -> str:
        url, words = html.unescape(match[1]).strip(), plain(match[2])
        return url if not words or words == url else f"{words} ({url})"

    text = _LINK.sub(link, content.replace("\r\n", "\n"))
    text = _PARAGRAPH_END.sub("\n", text)
    text = html.unescape(strip_tags(text))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def php_serialized_fields(value: str) -> dict[str, str]:
    """The scalar fields of a PHP-serialised array (Akismet's history), without unserialising."""
    found = {}
    for key, raw in re.findall(r's:\d+:"(\w+)";(s:\d+:"[^"]*"|d:[\d.E+-]+|i:\d+|b:[01])', value):
        found[key] = raw.split('"')[1] if raw.startswith("s:") else raw[2:]
    return found


def assign_changed(obj, fields: dict) -> bool:
    """Set `fields` on `obj` when any of them differs; True if it did (the caller saves)."""
    if all(getattr(obj, key) == value for key, value in fields.items()):
        return False
    for key, value in fields.items():
        setattr(obj, key, value)
    return True


def page_slug_is_free(slug: str) -> bool:
    """No address of the site answers /<slug>/ already (/search/, /feed/, /admin/…)."""
    try:
        Page(slug=slug).clean()
    except ValidationError:
        return False
    return True


def query_of(url: str) -> str:
    query = urlsplit(url).query
    return f"?{query}" if query else ""


def search_query(text: str) -> str:
    return urlencode({"q": text})
