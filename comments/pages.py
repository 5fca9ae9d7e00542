"""Pages of comments: how many top-level comments a page holds, which page a reader gets
first, and the address of the page that shows a given comment (docs/comments.md, "Pages of
comments")."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404

PAGE_PARAMETER = "cpage"


def per_page() -> int:
    return max(int(settings.COMMENTS_PER_PAGE or 0), 0)


def page_count(top_level: int) -> int:
    size = per_page()
    return max(1, -(-top_level // size)) if size else 1


def default_page(pages: int) -> int:
    """The page shown without ?cpage: the last one (newest comments) or the first."""
    return pages if settings.COMMENTS_DEFAULT_PAGE == "newest" else 1


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


def permalink(comment) -> str:
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
        article.comments.shown_to_reader([comment.pk for comment in comments])
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
