"""import_wordpress on the committed export of a real WordPress (tests/fixtures/wordpress)."""

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article, Category, Redirect, Tag, WordPressItem
from comments.models import Comment, CommentEvent

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "wordpress"
EXPORT = FIXTURE / "export.xml"
NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


def wxr_items(post_type="post"):
    """The file's items of one type, read with the standard library (not the importer)."""
    for item in ET.parse(EXPORT).getroot().iter("item"):
        if item.findtext("wp:post_type", namespaces=NS) == post_type:
            yield item


def run(tmp_path, *extra):
    call_command(
        "import_wordpress",
        str(EXPORT),
        "--media",
        str(FIXTURE / "uploads"),
        "--report",
        str(tmp_path / "report.txt"),
        *extra,
    )
    return (tmp_path / "report.txt").read_text()


def counts():
    return {
        "articles": Article.objects.count(),
        "comments": Comment.objects.count(),
        "events": CommentEvent.objects.count(),
        "categories": Category.objects.count(),
        "tags": Tag.objects.count(),
        "users": get_user_model().objects.count(),
        "redirects": Redirect.objects.count(),
        "items": WordPressItem.objects.count(),
        "by status": sorted(Counter(a.state for a in Article.objects.all()).items()),
    }


def article_for(wp_id):
    row = WordPressItem.objects.get(kind="post", wp_id=wp_id)
    return Article.objects.get(pk=row.object_id)


@pytest.fixture
def imported(tmp_path):
    return run(tmp_path)


def test_posts_by_status_equal_the_files(imported):
    in_file = Counter(i.findtext("wp:status", namespaces=NS) for i in wxr_items())
    expected = {
        Article.State.PUBLISHED: in_file["publish"],
        Article.State.SCHEDULED: in_file["future"],
        Article.State.DRAFT: in_file["draft"] + in_file["private"],
        Article.State.REVIEW: in_file["pending"],
    }
    assert in_file["trash"] >= 1  # skipped
    assert Counter(a.state for a in Article.objects.all()) == Counter(
        {k: v for k, v in expected.items() if v}
    )
    assert all(v for v in expected.values())  # the fixture has every status


def test_comments_by_status_and_threads_equal_the_files(imported):
    status = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}
    expected, parents = Counter(), {}
    for item in wxr_items():
        if item.findtext("wp:status", namespaces=NS) == "trash":
            continue
        for c in item.iterfind("wp:comment", NS):
            if c.findtext("wp:comment_type", namespaces=NS) in ("pingback", "trackback"):
                continue
            expected[status[c.findtext("wp:comment_approved", namespaces=NS)]] += 1
            parents[c.findtext("wp:comment_id", namespaces=NS)] = c.findtext(
                "wp:comment_parent", namespaces=NS
            )
    assert Counter(Comment.objects.values_list("status", flat=True)) == expected
    wp_of = {row.object_id: row.wp_id for row in WordPressItem.objects.filter(kind="comment")}
    for comment in Comment.objects.all():
        wanted = parents[wp_of[comment.pk]]
        assert (wp_of[comment.parent_id] if comment.parent_id else "0") == wanted
    deepest = Comment.objects.order_by("-depth").first()
    assert deepest.depth == 5
    assert "pingback: skipped 1" in imported
    assert "trackback: skipped 1" in imported


def test_every_old_link_answers_301_to_the_article(imported, client):
    for item in wxr_items():
        if item.findtext("wp:status", namespaces=NS) != "publish":
            continue
        article = article_for(item.findtext("wp:post_id", namespaces=NS))
        link = urlsplit(item.findtext("link"))
        old = [
            link.path + (f"?{link.query}" if link.query else ""),
            unquote(link.path),
            quote(unquote(link.path)),  # upper-case escapes, as browsers send
            f"/?p={item.findtext('wp:post_id', namespaces=NS)}",
        ]
        for path in old:
            response = client.get(path)
            assert response.status_code == 301, path
            assert response["Location"] == article.get_absolute_url()
        assert client.get(article.get_absolute_url()).status_code == 200


def test_old_category_tag_and_attachment_pages_redirect(imported, client):
    child = client.get(
        "/category/%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9/%d9%85%d8%ad%d9%84%d9%8a%d8%a7%d8%aa/"
    )
    assert child.status_code == 301
    assert child["Location"] == Category.objects.get(slug="محليات").get_absolute_url()
    assert client.get("/category/%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9/").status_code == 200
    assert client.get("/tag/%d9%83%d8%b1%d8%a9-%d8%a7%d9%84%d9%82%d8%af%d9%85/").status_code == 301
    for item in wxr_items("attachment"):
        path = urlsplit(item.findtext("link")).path
        assert client.get(path).status_code == 301, unquote(path)
    assert client.get("/2024/03/10/no-such-post/").status_code == 404


def test_approved_comments_are_shown_threaded(imported, client):
    article = article_for(
        next(
            i.findtext("wp:post_id", namespaces=NS)
            for i in wxr_items()
            if len(i.findall("wp:comment", NS)) >= 5
        )
    )
    page = client.get(article.get_absolute_url()).content.decode()
    shown = article.comments.filter(status="approved").order_by("created_at")
    positions = [page.index(c.content.splitlines()[0]) for c in shown]
    assert positions == sorted(positions)
    for hidden in article.comments.exclude(status="approved"):
        assert hidden.content not in page
    assert all(c.html for c in Comment.objects.all())  # rendered in bulk
    assert all(c.search_text for c in Comment.objects.all())


def test_bodies_are_converted_and_sanitised(imported):
    for article in Article.objects.all():
        assert "<script" not in article.body
        assert "onclick" not in article.body
        assert "<!-- wp:" not in article.body
        assert "[caption" not in article.body
    assert "1 <script>, 1 event handler" in imported
    budget = article_for(
        next(
            i.findtext("wp:post_id", namespaces=NS)
            for i in wxr_items()
            if "onclick" in i.findtext("content:encoded", namespaces=NS)
        )
    )
    assert "<p>وقال الوزير إن العجز سينخفض.<br>\nوأضاف" in budget.body  # wpautop
    assert budget.image
    assert budget.image_alt == "مبنى الوزارة"
    assert budget.lead == "أعلنت الحكومة اليوم موازنة العام الجديد."
    gallery = Article.objects.get(title="صور من المباراة")
    assert "<figcaption>الملعب قبل المباراة</figcaption>" in gallery.body
    assert gallery.body.count("<img") == 3  # the caption's image and the gallery's two
    assert 'href="https://x.com/example/status/1234567890"' in gallery.body
    assert not gallery.comments_open
    assert "embed-card" in str(gallery.body_html)  # the [embed] and the bare link: link cards
    other = Article.objects.get(title="المنتخب يفوز في المباراة الافتتاحية")
    assert f'href="{budget.get_absolute_url()}"' in other.body  # /?p=ID rewritten
    assert f'href="{other.get_absolute_url()}"' in gallery.body  # a pretty permalink rewritten
    assert "<h2>" in other.body
    assert "<table>" in other.body
    assert "<blockquote>" in other.body


def test_authors_are_journalists_without_a_password(imported):
    samira = get_user_model().objects.get(username="samira")
    assert samira.get_full_name() == "سميرة خليل"
    assert samira.is_staff
    assert not samira.has_usable_password()
    assert samira.groups.filter(name="Journalists").exists()
    assert samira.articles.exists()


def test_scheduled_post_keeps_its_time_and_akismet_history_is_kept(imported):
    scheduled = Article.objects.get(title="مقال مجدول للنشر")
    assert scheduled.state == Article.State.SCHEDULED
    assert scheduled.published_at.year == 2030
    assert CommentEvent.objects.filter(event="check-ham").count() == 2
    assert not Comment.objects.filter(notified_at__isnull=True).exists()  # no e-mail owed


def test_a_second_run_changes_no_counts(imported, tmp_path):
    before = counts()
    report = run(tmp_path)
    assert counts() == before
    assert "created" not in report.replace("redirect: created 0", "")


def test_dry_run_stores_nothing(tmp_path):
    empty = counts()
    report = run(tmp_path, "--dry-run")
    assert counts() == empty
    assert "post: draft created 2" in report  # the same summary


def test_a_deeper_thread_hangs_from_the_deepest_allowed_ancestor(settings, tmp_path):
    settings.COMMENTS_MAX_DEPTH = 3
    report = run(tmp_path)
    assert max(Comment.objects.values_list("depth", flat=True)) == 3
    assert "attached higher up" in report
    deepest = Comment.objects.get(content="رد خامس عميق.")
    assert deepest.depth == 3
    assert deepest.parent.depth == 2


BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>&d;</title></item></channel></rss>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>&secret;</title></item></channel></rss>"""


@pytest.mark.parametrize("text", [BOMB, EXTERNAL], ids=["entity bomb", "external entity"])
def test_entities_are_refused(tmp_path, text):
    path = tmp_path / "evil.xml"
    path.write_text(text)
    with pytest.raises(CommandError, match="refused"):
        call_command("import_wordpress", str(path), "--report", str(tmp_path / "r.txt"))
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    "text",
    ["<html><body>hello</body></html>", "not xml at all", "<rss><channel></channel></rss>"],
)
def test_not_wxr_is_refused(tmp_path, text):
    path = tmp_path / "other.xml"
    path.write_text(text)
    with pytest.raises(CommandError):
        call_command("import_wordpress", str(path), "--report", str(tmp_path / "r.txt"))


def test_not_wxr_exits_non_zero_with_one_line(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text("<html><body>hello</body></html>")
    done = subprocess.run(
        [sys.executable, "manage.py", "import_wordpress", str(path)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert done.returncode != 0
    reason = [line for line in done.stderr.splitlines() if "CommandError" in line]
    assert len(reason) == 1
    assert "not WordPress's <rss>" in reason[0]
    assert done.stderr.rstrip().endswith(reason[0])  # the last line


def test_a_terminal_sees_progress_with_a_rate_and_the_summary_matches_the_report(tmp_path):
    from io import StringIO

    from newsroom.management.wordpress.report import Report

    terminal = StringIO()
    report = Report(stream=terminal, progress=True)
    for _ in range(100):
        report.tick()
    shown = terminal.getvalue()
    assert shown.startswith("\r50 items, ")
    assert shown.endswith("/s")
    assert "\r100 items, " in shown
    quiet = StringIO()
    for _ in range(100):
        Report(stream=quiet).tick()  # not a terminal (a log, a pipe): no progress lines
    assert quiet.getvalue() == ""

    out = StringIO()
    call_command("import_wordpress", str(EXPORT), "--report", str(tmp_path / "r.txt"), stdout=out)
    written = (tmp_path / "r.txt").read_text()
    assert "post: draft created 2" in written
    assert "items skipped or repaired:" in written
    assert "private: imported as a draft" in written  # each repaired item with its reason
    assert written.strip().splitlines()[1:] == out.getvalue().strip().splitlines()[1:-1]
