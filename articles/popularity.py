"""Most read (الأكثر قراءة): per-day view counters, privacy-friendly and cheap.

A reader's visit costs one statement, an upsert that adds 1 to today's row of the article; no
cookie is set and nothing about the reader (IP, user, browser) is stored. Crawlers, link
previews and monitoring tools are recognised by their user agent and not counted.
"""

import re

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleViewCount

BOT_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|lighthouse|"
    r"headless|phantomjs|curl|wget|python|httpx|java/|go-http-client|okhttp|feed|monitor|"
    r"pingdom|uptime|scrapy|node-fetch|axios|libwww|http_request",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    """True for crawlers and tools; an empty user agent is never a reader's browser."""
    return not user_agent.strip() or bool(BOT_AGENT.search(user_agent))


def should_count(request, article: Article) -> bool:
    return (
        request.method == "GET"
        and article.is_published
        and not is_bot(request.headers.get("User-Agent", ""))
    )


def record_view(article: Article) -> None:
    """Add one view to today's counter of the article, in a single INSERT … ON CONFLICT."""
    table = ArticleViewCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, day, views) VALUES (%s, %s, 1) "
            f"ON CONFLICT (article_id, day) DO UPDATE SET views = {table}.views + 1",
            [article.pk, timezone.localdate()],
        )


MOST_READ_PERIODS = ((1, _("Last 24 hours")), (7, _("Last 7 days")))


def most_read_lists(*, limit: int = 5) -> list[tuple[str, list[Article]]]:
    """The most read published articles of each period, for the home and article pages."""
    published = Article.objects.published().select_related("category")
    return [
        (label, list(published.most_read(days=days)[:limit])) for days, label in MOST_READ_PERIODS
    ]
