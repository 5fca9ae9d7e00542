"""EXPLAIN ANALYZE of every hot query, on the benchmark's data set (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench .venv/bin/python bench/explain.py

The queries are not written out here: they are captured (CaptureQueriesContext) from the
reader pages through the test client, from the moderation desk as an administrator sees it, and
from the querysets the periodic commands use, so the plans are those of the code as it is.
For each distinct query it prints the execution time, the indexes used and any sequential scan
of a table; `--plans` prints the whole plans. bench/INDEXES.md records what this found.
"""

import argparse
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench import BROWSER, base_environment, log, setup_django  # noqa: E402


def sources():
    """(label, callable) pairs; each callable runs the code whose queries are captured."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from articles.models import Article, Category, author_url
    from bench import seed
    from comments import privacy
    from comments.models import Comment
    from comments.reports import send_owed  # noqa: F401 - its filter is owing_report
    from comments.states import SPAM_KEPT as KEEP
    from comments.states import SPAM_KEPT as MAX_AGE

    reader = Client(HTTP_USER_AGENT=BROWSER)
    admin = Client(HTTP_USER_AGENT=BROWSER)
    User = get_user_model()
    superuser, _ = User.objects.get_or_create(
        username="bench-explain-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    admin.force_login(superuser)
    article = Article.objects.get(slug=seed.ARTICLE_200)
    big = Article.objects.get(slug=seed.ARTICLE_1000)
    author = Article.objects.select_related("author").get(slug="bench-5").author
    category = Category.objects.get(slug="bench-1")
    now = timezone.now()

    def page(client, path):
        def run():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return run

    def evaluate(queryset, limit=100):
        return lambda: list(queryset[:limit])

    yield "home", page(reader, "/")
    yield "category", page(reader, category.get_absolute_url())
    yield "category, page 20", page(reader, category.get_absolute_url() + "?page=10")
    yield "author", page(reader, author_url(author))
    yield "search", page(reader, f"/search/?q={seed.SEARCH_WORD}")
    yield "article, 200 comments", page(reader, article.get_absolute_url())
    yield "article, 1,000 comments", page(reader, big.get_absolute_url())
    for queue in ("all", "pending", "approved", "spam", "blatant", "trash"):
        yield f"desk: {queue}", page(admin, f"/admin/comments/comment/?status={queue}")
    yield "desk: search", page(admin, "/admin/comments/comment/?q=bench-reader12")
    yield "article admin", page(admin, "/admin/articles/article/")
    yield "recheck: to_retry", evaluate(Comment.objects.to_retry(
        in_flight=timedelta(minutes=5), max_age=MAX_AGE))  # fmt: skip
    yield (
        "recheck: unchecked",
        evaluate(Comment.objects.unchecked().filter(created_at__lt=now - timedelta(hours=1))),
    )
    yield "digest: awaiting_notice", evaluate(Comment.objects.awaiting_notice())
    yield "reports: owing_report", evaluate(Comment.objects.owing_report().order_by("pk"))
    yield (
        "purge: old spam",
        evaluate(Comment.objects.any_spam().filter(created_at__lt=now - KEEP).order_by("pk"), 1000),
    )
    yield "purge: old payloads", evaluate(
        Comment.objects.filter(created_at__lt=now - KEEP, akismet_payload__isnull=False)
        .order_by("pk"), 1000,
    )  # fmt: skip
    yield (
        "retention: old traces",
        evaluate(
            privacy.with_traces_older_than(60).order_by("pk").values_list("pk", flat=True), 1000
        ),
    )
    yield "editorial: in review", evaluate(Article.objects.in_review())
    yield "editorial: scheduled", evaluate(Article.objects.scheduled())


REPEAT = 3


def walk(node):
    yield node
    for child in node.get("Plans", []):
        yield from walk(child)


def explain(sql, text=False):
    """(execution ms, indexes used, tables read by a sequential scan with their row counts,
    the plan as text when asked)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        plans = []
        for _ in range(REPEAT):  # the fastest of a few runs: the machine is shared
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plans.append(json.loads(plan) if isinstance(plan, str) else plan)
        plan = min(plans, key=lambda p: p[0]["Execution Time"])
        if text:
            cursor.execute("EXPLAIN (ANALYZE) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    root = plan[0] if not text else None
    if text:
        return None, [], [], plan
    nodes = list(walk(root["Plan"]))
    indexes = sorted({n["Index Name"] for n in nodes if "Index Name" in n})
    seq = sorted(
        {
            f"{n['Relation Name']} ({n.get('Actual Rows', 0) + n.get('Rows Removed by Filter', 0)}"
            " rows read)"
            for n in nodes
            if n["Node Type"].endswith("Seq Scan")
        }
    )
    return root["Execution Time"], indexes, seq, plan


def main():
    parser = argparse.ArgumentParser(description="EXPLAIN ANALYZE the hot queries.")
    parser.add_argument("--plans", action="store_true", help="print every query and plan in full")
    parser.add_argument("--only", help="only the sources whose label contains this")
    parser.add_argument(
        "--no-migrate", action="store_true", help="plan on the schema as it is (e.g. migrated back)"
    )
    parser.add_argument("--slower-than", type=float, default=0.0, help="only queries above (ms)")
    args = parser.parse_args()
    env = base_environment()
    env.setdefault("DATABASE_URL", os.environ.get("DATABASE_URL", ""))
    setup_django(env)
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench import seed

    if not args.no_migrate:
        call_command("migrate", verbosity=0)
    if seed.seed(log=log):
        log("seeded the data set")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = 0.0
    for label, run in sources():
        if args.only and args.only not in label:
            continue
        with CaptureQueriesContext(connection) as captured:
            run()
        seen = set()
        print(f"\n## {label}: {len(captured.captured_queries)} queries")
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or sql in seen:
                continue
            seen.add(sql)
            ms, indexes, seq, _ = explain(sql)
            total += ms
            if ms < args.slower_than:
                continue
            print(f"- {ms:8.2f} ms  {sql if args.plans else sql[:150]}")
            print(f"    indexes: {', '.join(indexes) or '-'}")
            if seq:
                print(f"    seq scans: {', '.join(seq)}")
            if args.plans:
                print("    " + explain(sql, text=True)[3].replace("\n", "\n    "))
    print(f"\nTotal execution time of the distinct queries: {total:.1f} ms")


if __name__ == "__main__":
    main()
