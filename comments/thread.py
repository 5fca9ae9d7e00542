"""An article's comment thread as one reader sees it: fetched in one query, nested in Python,
cut into pages of top-level comments, and assembled from the stored fragments
(docs/comments.md, "Rendering" and "Pages of comments")."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models.fields.json import KT
from django.http import Http404
from django.utils.safestring import SafeString

from comments import cookies
from comments.conf import conf
from comments.models import Comment
from comments.rendering import assemble_thread, fragment_language
from comments.rules import comments_open

PAGE_PARAMETER = "cpage"


class Node:
    """One comment of the thread: just what assembling it needs."""

    __slots__ = ("author_name", "children", "depth", "fragment", "parent_id", "pk", "status")

    def __init__(self, pk, parent_id, depth, author_name, status, fragment):
        self.pk = pk
        self.parent_id = parent_id
        self.depth = depth
        self.author_name = author_name
        self.status = status
        self.fragment = fragment
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


# --- pages -----------------------------------------------------------------------------------


def per_page() -> int:
    return max(int(conf.COMMENTS_PER_PAGE or 0), 0)


def page_count(top_level: int) -> int:
    size = per_page()
    return max(1, -(-top_level // size)) if size else 1


def default_page(pages: int) -> int:
    """The page shown without ?cpage: the last one (newest comments) or the first."""
    return pages if conf.COMMENTS_DEFAULT_PAGE == "newest" else 1


def page_url(article, number: int, pages: int, fragment: str = "comments") -> str:
    """The address of comment page `number`: the article's own address for the default page."""
    query = "" if number == default_page(pages) else f"?{PAGE_PARAMETER}={number}"
    return f"{article.get_absolute_url()}{query}#{fragment}"


def requested_page(request, pages: int) -> int:
    """The page asked for with ?cpage=N; a number that is not a page is a 404."""
    value = request.GET.get(PAGE_PARAMETER) if request is not None else None
    if value is None:
        return default_page(pages)
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= pages:
        raise Http404("No such page of comments.")
    return int(value)


def permalink(comment: Comment) -> str:
    """Where `comment` is shown: its article's page of comments that holds it, #comment-<id>."""
    return permalinks(comment.article, [comment])[comment.pk]


def permalinks(article, comments) -> dict[int, str]:
    """The addresses of `comments` of `article` (see permalink), by id.

    Without pages, the article's address. With pages, one query over the article's approved
    comments (and these, which may still wait) finds each one's top-level ancestor.
    """
    base = article.get_absolute_url()
    if not per_page():
        return {comment.pk: f"{base}#comment-{comment.pk}" for comment in comments}
    rows = list(
        Comment.objects.filter(article_id=article.pk)
        .shown_to_reader([comment.pk for comment in comments])
        .order_by("created_at", "pk")
        .values_list("pk", "parent_id")
    )
    parents = dict(rows)
    top_level = {
        pk: index
        for index, (pk, parent) in enumerate(
            (pk, parent) for pk, parent in rows if parent not in parents
        )
    }
    pages = page_count(len(top_level))
    urls = {}
    for comment in comments:
        root, seen = comment.pk, set()
        while parents.get(root) in parents and root not in seen:
            seen.add(root)
            root = parents[root]
        index = top_level.get(root, len(top_level) - 1)
        number = index // per_page() + 1
        urls[comment.pk] = page_url(article, number, pages, fragment=f"comment-{comment.pk}")
    return urls


# --- the thread ------------------------------------------------------------------------------


@dataclass
class Thread:
    article: object
    html: SafeString
    count: int  # approved comments in the whole thread, every page
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

    @property
    def is_empty(self) -> bool:
        return not self.html


def fetch(article, own_ids=()) -> list[Node]:
    """The thread of `article` for a reader who posted `own_ids`, oldest first: one query
    (the index comment_thread_idx serves it). Rows older than the stored HTML are rendered,
    stored and used."""
    language = fragment_language()
    rows = (
        Comment.objects.shown_to_reader(own_ids)
        .filter(article=article)
        .annotate(fragment=KT(f"html__{language}"))
        .order_by("created_at", "pk")
        .values_list("pk", "parent_id", "depth", "author_name", "status", "fragment")
    )
    nodes = [Node(*row) for row in rows]
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
    nodes = fetch(article, own)
    top_level = nest(nodes)
    pages = page_count(len(top_level))
    number = requested_page(request, pages)
    if per_page():
        top_level = top_level[(number - 1) * per_page() : number * per_page()]
    is_open = comments_open(article)
    html = assemble_thread(top_level, reply_open=is_open, max_depth=conf.COMMENTS_MAX_DEPTH)
    return Thread(
        article=article,
        html=html,
        count=sum(1 for node in nodes if node.is_visible),
        number=number,
        pages=pages,
        open=is_open,
    )
