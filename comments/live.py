"""Live comments (docs/comments.md, "Live comments"): the small JSON answer an open article
polls for the newest approved comments, and the words of its "new comments" bar.

The answer is the same for every reader, so it is served by the page cache under the
article's generation (comments/urls.py): an unchanged poll is a cache hit, or a 304 for the
browser that already holds it, and costs no query.
"""

from django.conf import settings
from django.db.models.fields.json import KT
from django.http import HttpResponse, JsonResponse
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from articles.models import Article
from comments.models import Comment
from comments.rendering import assemble_thread, fragment_language
from comments.rules import comments_open
from comments.thread import Node, fill_fragments

LIVE_COMMENTS = 50  # the newest approved comments in an answer; a page inserts those it lacks

# One sample count per plural category of the Unicode CLDR (what the browser's
# Intl.PluralRules names), so comments.js can pick the bar's words for any count.
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}
COUNT_PLACEHOLDER = "#"


def bar_labels() -> list[tuple[str, str]]:
    """("few", "# تعليقات جديدة — اعرضها"), ...: the bar's text per plural category, in the
    active language, with # where comments.js puts the number."""
    return [
        (
            category,
            ngettext(
                "%(count)s new comment — show it", "%(count)s new comments — show them", sample
            )
            % {"count": COUNT_PLACEHOLDER},
        )
        for category, sample in PLURAL_SAMPLES.items()
    ]


def newest(article) -> list[tuple[Node, object]]:
    """The article's newest approved comments (at most LIVE_COMMENTS), oldest first, each with
    its date."""
    language = fragment_language()
    rows = (
        Comment.objects.visible()
        .filter(article=article)
        .annotate(fragment=KT(f"html__{language}"))
        .order_by("-created_at", "-pk")
        .values_list("pk", "parent_id", "depth", "author_name", "status", "fragment", "created_at")
    )[:LIVE_COMMENTS]
    nodes, created = [], {}
    for *fields, created_at in reversed(rows):
        node = Node(*fields)
        created[node.pk] = created_at
        nodes.append(node)
    fill_fragments(nodes, language)
    return [(node, created[node.pk]) for node in nodes]


@require_GET
def live_comments(request, article_id):
    """{"comments": [{"id", "parent", "created", "html"}, ...]}: the newest approved
    comments of a published article whose comments are open, each as the thread shows it.
    A quiet, empty 404 for an article readers cannot see, 410 once comments are closed: the
    script stops polling."""
    article = (
        Article.objects.published()
        .only("pk", "status", "published_at", "comments_open")
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        return HttpResponse(status=404)
    if not comments_open(article):
        return HttpResponse(status=410)
    items = []
    for node, created_at in newest(article):
        html = assemble_thread([node], reply_open=True, max_depth=settings.COMMENTS_MAX_DEPTH)
        items.append(
            {
                "id": node.pk,
                "parent": node.parent_id,
                "created": created_at.isoformat(),
                "html": html,
            }
        )
    return JsonResponse({"comments": items})
