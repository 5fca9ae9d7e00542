"""The Content-Security-Policy header on every kind of page, and the violation report endpoint."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from newsroom.errors import DATABASE_DOWN_STYLE, database_down_response
from newsroom.hashing import sha256_source
from tests.factories import make_article, make_comment, make_user
from tests.html import parse
from tests.test_settings import run_with

pytestmark = pytest.mark.django_db

REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "report-uri": "/csp-report/",
    "report-to": "csp",
}


def policy(response, header="Content-Security-Policy") -> dict[str, list[str]]:
    assert header in response, f"no {header} on {response.status_code}"
    directives = {}
    for part in response[header].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict(response):
    directives = policy(response)
    for name, first in REQUIRED.items():
        assert directives[name][0] == first, name
    text = response["Content-Security-Policy"]
    assert "unsafe-inline" not in text
    assert "unsafe-eval" not in text
    assert "'nonce-" not in text
    assert response["Reporting-Endpoints"] == 'csp="/csp-report/"'
    return directives


def assert_no_inline_code(html):
    """Nothing on the page that the policy would refuse: no inline script (data blocks such as
    JSON-LD are not scripts), no <style>, no style attribute, no on… handler."""
    page = parse(html)
    for element in page.iter():
        if element.tag == "script":
            assert element.attrs.get("src") or element.attrs.get("type") in (
                "application/ld+json",
                "application/json",
            ), element.attrs
        assert element.tag != "style"
        assert "style" not in element.attrs, (element.tag, element.attrs)
        assert not any(name.startswith("on") for name in element.attrs), element.attrs


@pytest.fixture
def reader():
    client = Client()
    client.raise_request_exception = False
    return client


def test_reader_pages_carry_the_strict_policy_and_need_no_inline_code(reader):
    article = make_article(
        title="خبر",
        body='<p>نص</p><p><img src="/media/articles/body/x.webp" alt="صورة"></p>',
    )
    make_comment(article, content="تعليق")
    for url in [
        "/",
        article.get_absolute_url(),
        article.get_absolute_url() + "?replytocom=1",
        "/search/?q=%D8%AE%D8%A8%D8%B1",
        article.category.get_absolute_url(),
    ]:
        response = reader.get(url)
        assert response.status_code == 200, url
        directives = assert_strict(response)
        assert directives["script-src"] == ["'self'"]  # no hash or nonce on reader pages
        assert directives["style-src"] == ["'self'"]
        assert_no_inline_code(response.content.decode())
    assert b'type="application/ld+json"' in reader.get(article.get_absolute_url()).content


def test_error_and_refusal_pages_carry_the_policy(reader, settings, one_window):
    settings.DEBUG = False
    assert_strict(reader.get("/news/999999/none/"))  # 404
    assert_strict(reader.get("/category/%00/"))  # 400
    settings.POST_BURST_LIMIT = 1
    reader.post("/i18n/setlang/", {"language": "ar"}, REMOTE_ADDR="192.0.2.77")
    refused = reader.post("/i18n/setlang/", {"language": "ar"}, REMOTE_ADDR="192.0.2.77")
    assert refused.status_code == 429
    assert_strict(refused)
    assert_no_inline_code(refused.content.decode())


def test_the_database_down_page_allows_only_its_own_style():
    response = database_down_response()
    directives = policy(response)
    assert directives["default-src"] == ["'none'"]
    assert directives["style-src"] == [sha256_source(DATABASE_DOWN_STYLE)]
    assert f"<style>{DATABASE_DOWN_STYLE}</style>" in response.content.decode()


def test_admin_pages_allow_only_the_hashes_of_their_inline_pieces():
    journalist = make_user(
        username="j", permissions=["articles.add_article", "articles.change_article"]
    )
    client = Client()
    client.force_login(journalist)
    response = client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    directives = assert_strict(response)
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    page = parse(html)
    importmap = page.find("script", type="importmap")
    assert importmap is not None
    # The import map's exact text (the parser would normalise spaces) is allowed by its hash.
    start = html.index('<script type="importmap">') + len('<script type="importmap">')
    text = html[start : html.index("</script>", start)]
    assert sha256_source(text) in directives["script-src"]
    assert directives["script-src"][0] == "'self'"
    assert all(source.startswith("'sha256-") for source in directives["script-src"][1:])
    # Two styles by hash: the editor engine's stylesheet and Django's change-list line.
    assert len(directives["style-src"]) == 3
    for element in page.iter():
        assert "style" not in element.attrs, (element.tag, element.attrs)
        assert not any(name.startswith("on") for name in element.attrs), element.attrs


def test_the_desk_and_a_comment_page_have_no_inline_code():
    moderator = make_user(
        username="m",
        permissions=[
            "comments.view_comment",
            "comments.change_comment",
            "comments.moderate_comment",
        ],
    )
    comment = make_comment(make_article())
    client = Client()
    client.force_login(moderator)
    for url in [
        reverse("admin:comments_comment_changelist"),
        reverse("admin:comments_comment_change", args=[comment.pk]),
        reverse("admin:index"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)
        page = parse(response.content.decode())
        assert page.find("style") is None, url
        for element in page.iter():
            assert "style" not in element.attrs, (url, element.tag, element.attrs)


def settings_csp(**env):
    code = (
        "import json, django; from django.conf import settings as s; django.setup(); "
        "print(json.dumps([s.CONTENT_SECURITY_POLICY, s.CONTENT_SECURITY_POLICY_REPORT_ONLY]))"
    )
    result = run_with(["-c", code], SECRET_KEY="a-random-production-key-" + "Zq8x" * 10, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_cdn_origins_and_report_only_come_from_the_environment():
    enforced, report_only = settings_csp(
        IMAGE_CDN_ORIGINS="https://CDN.example.net/, javascript:alert(1), https://img.example.org/x/"
    )
    assert report_only is None
    assert enforced["DIRECTIVES"]["img-src"] == [
        "'self'",
        "https://cdn.example.net",
        "https://img.example.org",
    ]
    enforced, report_only = settings_csp(CSP_REPORT_ONLY="on")
    assert enforced is None
    assert report_only["DIRECTIVES"]["frame-ancestors"] == ["'none'"]


# --- the report endpoint ---------------------------------------------------------------------

REPORT_URI_BODY = {
    "csp-report": {
        "document-uri": "https://news.example.com/news/1/x/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "source-file": "https://news.example.com/news/1/x/",
        "line-number": 12,
        "script-sample": "alert(1)\nFAKE LOG LINE",
        "disposition": "enforce",
    }
}
REPORT_TO_BODY = [
    {
        "type": "csp-violation",
        "age": 3,
        "url": "https://news.example.com/",
        "body": {
            "documentURL": "https://news.example.com/",
            "effectiveDirective": "img-src",
            "blockedURL": "http://evil.example/pixel.gif",
            "disposition": "enforce",
        },
    },
    {"type": "deprecation", "body": {"message": "not ours"}},
]


def send(client, body, content_type="application/csp-report", **extra):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post("/csp-report/", data, content_type=content_type, **extra)


@pytest.fixture
def reports(caplog):
    caplog.set_level(logging.INFO, logger="newsroom.csp")
    return lambda: [r for r in caplog.records if r.name == "newsroom.csp"]


def test_a_report_uri_report_is_logged_in_one_line_without_a_csrf_token(reports):
    client = Client(enforce_csrf_checks=True)
    response = send(client, REPORT_URI_BODY)
    assert response.status_code == 204
    [record] = reports()
    line = record.getMessage()
    assert "\n" not in line
    assert "directive=script-src-elem" in line
    assert "blocked=inline" in line
    assert "page=https://news.example.com/news/1/x/" in line
    assert "line=12" in line
    assert "sample=alert(1)?FAKE LOG LINE" in line


def test_a_report_to_batch_logs_each_violation_and_ignores_other_reports(reports):
    response = send(Client(), REPORT_TO_BODY, content_type="application/reports+json")
    assert response.status_code == 204
    [record] = reports()
    assert "directive=img-src blocked=http://evil.example/pixel.gif" in record.getMessage()


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"\xff\xfe\x00", b"[1, 2, 3]", b'{"csp-report": "x"}', b"[" * 5000],
)
def test_junk_is_answered_204_and_logged_as_unreadable(reports, body):
    response = send(Client(), body)
    assert response.status_code == 204
    [record] = reports()
    assert "unreadable" in record.getMessage()


def test_long_values_are_cut_and_batches_are_bounded(reports):
    long = {"csp-report": {**REPORT_URI_BODY["csp-report"], "blocked-uri": "x" * 5000}}
    send(Client(), long)
    assert len(reports()[0].getMessage()) < 1500
    batch = [REPORT_TO_BODY[0]] * 50
    assert send(Client(), batch, content_type="application/reports+json").status_code == 204
    assert len(reports()) == 1 + 5


def test_a_body_over_the_limit_is_refused_without_reading_it(reports):
    response = send(Client(), b"{" + b" " * 20_000 + b"}")
    assert response.status_code == 413
    assert len(reports()) == 1


def test_only_post_is_accepted():
    assert Client().get("/csp-report/").status_code == 405


def test_reports_have_their_own_budget_and_leave_the_post_burst_count_alone(
    settings, reports, one_window
):
    settings.POST_BURST_LIMIT = 3
    settings.SECURITY_POLICY_REPORTS_PER_MINUTE = 4
    client = Client()
    statuses = [
        send(client, REPORT_URI_BODY, REMOTE_ADDR="192.0.2.9").status_code for _ in range(6)
    ]
    assert statuses == [204] * 4 + [429] * 2
    assert len(reports()) == 4
    # The reader's POSTs (comments, the language switch) were not used up by the reports.
    answer = client.post("/i18n/setlang/", {"language": "ar"}, REMOTE_ADDR="192.0.2.9")
    assert answer.status_code == 302


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded; charset=utf-16", "multipart/form-data; boundary=x"],
)
def test_a_form_body_in_any_charset_is_no_error(reports, content_type):
    client = Client()
    client.raise_request_exception = False
    response = send(client, b"a=b", content_type=content_type)
    assert response.status_code == 204
    assert "unreadable" in reports()[0].getMessage()


def test_the_hash_of_djangos_change_list_style_matches_what_it_renders(monkeypatch):
    from django.contrib import admin

    from articles.models import Tag

    # A list without bulk action bars is where Django writes its one-line <style>.
    monkeypatch.setattr(admin.site._registry[Tag], "actions_on_top", False)
    monkeypatch.setattr(admin.site._registry[Tag], "actions_on_bottom", False)
    client = Client()
    client.force_login(make_user(username="boss", is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:articles_tag_changelist"))
    html = response.content.decode()
    start = html.index("<style>") + len("<style>")
    text = html[start : html.index("</style>", start)]
    assert sha256_source(text) in policy(response)["style-src"]
