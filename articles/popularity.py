"""Most read (الأكثر قراءة): per-day view counters, privacy-friendly and cheap.

A reader's visit adds 1 to a counter in the web process's memory; every
MOST_READ_FLUSH_SECONDS (10) the process writes what it counted in one statement, an upsert
that adds each article's views to today's row. So a page served from the page cache costs no
query at all, however many readers arrive. At worst a crashed process loses its last few
seconds of counts (a process that stops normally writes them on exit). No cookie is set and
nothing about the reader (IP, user, browser) is stored. Crawlers, link previews and
monitoring tools are recognised by their user agent and not counted.
"""

import atexit
import contextlib
import re
import threading
import time
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleViewCount
from newsroom.signals import rankings_changed

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
    record_view_of(article.pk)


def count_cached_view(request, pk, slug=None) -> None:
    """A reader got the article page from the page cache: count the visit all the same (only
    published articles are ever cached, so the id is all that is needed)."""
    if request.method == "GET" and not is_bot(request.headers.get("User-Agent", "")):
        record_view_of(pk)


_views = Counter()  # (article id, day) -> views not written yet
_views_lock = threading.Lock()  # gunicorn's threads share the counter
_next_flush = [0.0]


def record_view_of(article_id: int) -> None:
    """Count one view; written with the others once MOST_READ_FLUSH_SECONDS have passed."""
    now = time.monotonic()
    with _views_lock:
        _views[(article_id, timezone.localdate())] += 1
        due = now >= _next_flush[0]
        if due:
            _next_flush[0] = now + settings.MOST_READ_FLUSH_SECONDS
    if due:
        flush_views()


def flush_views() -> int:
    """Write the views counted so far, one upsert for all of them; returns how many rows."""
    with _views_lock:
        counted = list(_views.items())
        _views.clear()
    if not counted:
        return 0
    table = ArticleViewCount._meta.db_table
    rows = ", ".join(["(%s, %s, %s)"] * len(counted))
    values = [value for (article_id, day), views in counted for value in (article_id, day, views)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, day, views) VALUES {rows} "
            f"ON CONFLICT (article_id, day) DO UPDATE SET views = {table}.views + EXCLUDED.views",
            values,
        )
    return len(counted)


def _flush_at_exit() -> None:
    # The database may be gone already; a few views are not worth a traceback.
    with contextlib.suppress(Exception):
        flush_views()


atexit.register(_flush_at_exit)


MOST_READ_PERIODS = ((1, _("Last 24 hours")), (7, _("Last 7 days")))
_PERIOD_DAYS = tuple(days for days, _label in MOST_READ_PERIODS)


# The ranking (which articles, in which order) is kept in the process for a few seconds: it is
# the one costly query of the home and article pages (a sum over a week of counters), the same
# for every reader, and it changes slowly. The articles themselves are loaded on every page, so
# an edit or an unpublished article shows at once; only the order lags, by seconds (cached
# pages let it lag up to a minute, see check_turnover).
RANKING_MEMO_SECONDS = 5
_ranking_memo = {"until": 0.0, "key": None, "ids": None}


def forget_ranking() -> None:
    """Drop this process's remembered ranking (tests start each with none)."""
    _ranking_memo.update(until=0.0, key=None, ids=None)


def most_read(articles: QuerySet, *, periods: tuple[int, ...], limit: int) -> dict[int, list]:
    """For each period of `days`, the `limit` most viewed of `articles`, most viewed first,
    counting the per-day views of today and the `days` before it: {days: [article, …]}.

    Counters are per calendar day (local time), so "24 hours" (days=1) reads today and
    yesterday: the last full 24 hours are always inside.

    One query for all periods: each ranking is a subquery over the counters and the
    articles' ids and dates only; the winners of every period are loaded together with
    their views in each period, and split here. A period's winners are the best of the
    loaded articles that were read in it, since every one of them is loaded. (Summing
    whole article rows for every article read that week, once per period, cost several
    milliseconds of database time on each page that shows the block.)
    """
    today = timezone.localdate()
    order = ("-recent_views", "-published_at", "-pk")
    winners, views = Q(pk__in=[]), {}
    for days in periods:
        since = today - timedelta(days=days)
        ranking = (
            articles.filter(daily_views__day__gte=since)
            .values("pk")
            .annotate(recent_views=Sum("daily_views__views"))
            .order_by(*order)
            .values("pk")[:limit]
        )
        winners |= Q(pk__in=ranking)
        views[f"views_{days}"] = Sum("daily_views__views", filter=Q(daily_views__day__gte=since))
    # Only the counters of the longest period are joined (filter before annotate: the
    # sums use that join), not every day the winners were ever read.
    oldest = today - timedelta(days=max(periods))
    loaded = list(articles.filter(winners).filter(daily_views__day__gte=oldest).annotate(**views))
    lists = {}
    for days in periods:
        read = [a for a in loaded if getattr(a, f"views_{days}") is not None]
        for article in read:
            article.recent_views = getattr(article, f"views_{days}")
        read.sort(key=lambda a: (a.recent_views, a.published_at, a.pk), reverse=True)
        lists[days] = read[:limit]
    return lists


def most_read_lists(*, limit: int = 5) -> list[tuple[str, list[Article]]]:
    """The most read published articles of each period, for the home and article pages: one
    query either way (the ranking and the articles together, or the remembered ranking's
    articles)."""
    # The block shows a title and a link: those columns only (and the date, for the order).
    published = Article.objects.published().only("title", "slug", "published_at")
    now, key = time.time(), (timezone.localdate(), limit)
    memo = _ranking_memo
    ranked_ids = memo["ids"] if memo["key"] == key and now < memo["until"] else None
    if ranked_ids is None:
        lists = most_read(published, periods=_PERIOD_DAYS, limit=limit)
        ids = {days: [article.pk for article in lists[days]] for days in _PERIOD_DAYS}
        if any(ids.values()):  # nothing read yet: nothing worth remembering
            memo.update(until=now + RANKING_MEMO_SECONDS, key=key, ids=ids)
    else:
        loaded = published.in_bulk({pk for ids in ranked_ids.values() for pk in ids})
        lists = {
            days: [loaded[pk] for pk in ranked_ids[days] if pk in loaded] for days in _PERIOD_DAYS
        }
    return [(label, lists[days]) for days, label in MOST_READ_PERIODS]


# The ranking is checked at most once a minute (site-wide with a shared cache); when it has
# changed, newsroom.signals.rankings_changed is sent.
TURNOVER_CHECK_SECONDS = 60
_TURNOVER_LOCK = "popularity:turnover-check"
_TURNOVER_RANKING = "popularity:ranking"


def most_read_block() -> str:
    """The most-read block alone, in the active language: the page cache puts it into cached
    pages when the ranking turned over (newsroom.pagecache.register_fragment)."""
    return render_to_string("articles/_most_read.html", {"most_read": most_read_lists()})


def most_read_ranking(*, limit: int = 5) -> list[list[int]]:
    """The ids of most_read_lists(), in order: what the "most read" block shows."""
    lists = Article.objects.published().only("pk", "published_at")
    lists = most_read(lists, periods=_PERIOD_DAYS, limit=limit)
    return [[article.pk for article in lists[days]] for days in _PERIOD_DAYS]


_local = {"next_ask": 0.0}  # this process asks the shared cache at most every few seconds
LOCAL_PAUSE_SECONDS = 5


def check_turnover() -> None:
    """Called before a cached page is looked up: costs nothing most of the time (a clock
    read), a cache round trip every few seconds, two small queries once a minute."""
    now = time.time()
    if now < _local["next_ask"]:
        return
    _local["next_ask"] = now + LOCAL_PAUSE_SECONDS
    if not cache.add(_TURNOVER_LOCK, True, TURNOVER_CHECK_SECONDS):
        return
    ranking = most_read_ranking()
    if cache.get(_TURNOVER_RANKING) != ranking:
        cache.set(_TURNOVER_RANKING, ranking, None)
        rankings_changed.send(sender=Article)
