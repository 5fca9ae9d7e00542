"""An article's comment thread as one reader sees it: fetched in one query, nested in Python,
cut into pages of top-level comments, and assembled from the stored fragments
(docs/comments.md, "Rendering" and "Pages of comments")."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models.fields.json import KT
from django.utils.safestring import SafeString

from comments import cookies
from comments.models import Comment
from comments.pages import default_page, page_count, page_url, per_page, requested_page
from comments.rendering import assemble_picks, assemble_thread, fragment_language
from comments.rules import comments_open


class Node:
    """One comment of the thread: just what assembling it needs."""

    __slots__ = (
        "author_name",
        "children",
        "depth",
        "featured_at",
        "fragment",
        "parent_id",
        "pk",
        "status",
    )

    def __init__(self, pk, parent_id, depth, author_name, status, fragment, featured_at=None):
        self.pk = pk
        self.parent_id = parent_id
        self.depth = depth
        self.author_name = author_name
        self.status = status
        self.fragment = fragment
        self.featured_at = featured_at
        self.children = []

    @property
    def is_visible(self):
        return self.status == Comment.Status.APPROVED

    @property
    def is_own_pending(self):
        return self.status != Comment.Status.APPROVED


def nest(comments):
    """Give each comment of a flat, date-ordered list its `.children`; returns the top-level
    ones (a reply whose parent is not shown goes to the top level)."""
    by_parent = defaultdict(list)
    ids = {comment.pk for comment in comments}
    for comment in comments:
        by_parent[comment.parent_id if comment.parent_id in ids else None].append(comment)
    for comment in comments:
        comment.children = by_parent.get(comment.pk, [])
    return by_parent[None]


# --- the thread ------------------------------------------------------------------------------


@dataclass
class Thread:
    article: object
    html: SafeString
    count: int  # approved comments in the whole thread, every page
    picks: str = ""  # the editor's picks above the thread (SafeString from assemble_picks)
    number: int = 1
    pages: int = 1
    open: bool = True
    links: dict = field(default_factory=dict)

    @property
    def is_default_page(self) -> bool:
        return self.number == default_page(self.pages)

    @property
    def previous_url(self) -> str:
        return page_url(self.article, self.number - 1, self.pages) if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        if self.number >= self.pages:
            return ""
        return page_url(self.article, self.number + 1, self.pages)


def fetch(article, own_ids=()) -> list[Node]:
    """The thread of `article` for a reader who posted `own_ids`, oldest first: one query
    (the index comment_thread_idx serves it). Rows without stored HTML (older than the field,
    or created without it) get it from the one renderer, Comment.objects.store_html()."""
    language = fragment_language()
    rows = (
        Comment.objects.shown_to_reader(own_ids)
        .filter(article=article)
        .annotate(fragment=KT(f"html__{language}"))
        .order_by("created_at", "pk")
        .values_list("pk", "parent_id", "depth", "author_name", "status", "fragment", "featured_at")
    )
    return fill_fragments([Node(*row) for row in rows], language)


def fill_fragments(nodes: list[Node], language: str) -> list[Node]:
    """Nodes read without stored HTML (rows older than the field, or created without it) get
    it from the one renderer, Comment.objects.store_html(), which also stores it."""
    missing = [node.pk for node in nodes if node.fragment is None]
    if missing:
        Comment.objects.filter(pk__in=missing).store_html()
        stored = dict(
            Comment.objects.filter(pk__in=missing)
            .annotate(fragment=KT(f"html__{language}"))
            .values_list("pk", "fragment")
        )
        for node in nodes:
            if node.fragment is None:
                node.fragment = stored.get(node.pk) or ""
    return nodes


def for_request(request, article) -> Thread:
    """The page of `article`'s thread this request asks for (404 for a page that is not one)."""
    own = cookies.own_comment_ids(request) if request is not None else set()
    editable = cookies.editable_comments(request) if request is not None else {}
    nodes = fetch(article, own)
    if editable:  # not what a moderator already filed as spam
        shown = {node.pk for node in nodes if node.status != Comment.Status.SPAM}
        editable = {pk: until for pk, until in editable.items() if pk in shown}
    top_level = nest(nodes)
    pages = page_count(len(top_level))
    number = requested_page(request, pages)
    if per_page():
        top_level = top_level[(number - 1) * per_page() : number * per_page()]
    is_open = comments_open(article)
    html = assemble_thread(
        top_level, reply_open=is_open, max_depth=settings.COMMENTS_MAX_DEPTH, editable=editable
    )
    picks = [node for node in nodes if node.featured_at and node.is_visible]
    picks.sort(key=lambda node: node.featured_at, reverse=True)
    return Thread(
        article=article,
        html=html,
        picks=assemble_picks(picks),
        count=sum(1 for node in nodes if node.is_visible),
        number=number,
        pages=pages,
        open=is_open,
    )
