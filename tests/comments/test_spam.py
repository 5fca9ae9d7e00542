"""The comments/spam package through httpx.MockTransport: verdicts, what is sent, reports, key
checks.

The real `akismet` client is built by spam.build_client() and only its transport is replaced
(tests/comments/mock_akismet.py), so the library's parsing and errors are exercised for real.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import akismet as akismet_lib
import httpx
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Tag
from comments import spam
from comments.models import Comment
from tests.comments.mock_akismet import THANKS, on_the_wire
from tests.comments.mock_akismet import service as mock_service
from tests.factories import make_article, make_category, make_comment, make_user

pytestmark = pytest.mark.django_db

KEY = "mock-key"
BLOG = "https://news.example.com"

VALID = {
    "comment": "مقال ممتاز، شكراً للكاتب.",
    "author": "أبو خالد",
    "email": "abukhaled@example.com",
    "url": "",
    "comment_parent": "0",
}


@pytest.fixture
def mock(settings):
    mock_service.reset()
    settings.AKISMET_API_KEY = KEY
    settings.AKISMET_BLOG_URL = BLOG
    settings.AKISMET_TIMEOUT = 0.5
    settings.AKISMET_IS_TEST = False
    settings.SITE_URL = "https://news.example.com"
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_SPAM_CLIENT_FACTORY = "tests.comments.mock_akismet.factory"
    yield mock_service
    mock_service.reset()


@pytest.fixture
def moderator():
    return make_user(permissions=["comments.moderate_comment"], email="desk@example.com")


def post(client, article, meta=None, **changes):
    data = {**VALID, **changes}
    url = reverse("comments:post", kwargs={"article_id": article.pk})
    # From the article page, as a browser sends it (newsroom/origin.py checks the origin).
    return client.post(url, data, **{"HTTP_ORIGIN": "http://testserver", **(meta or {})})


def history(comment):
    return list(comment.events.order_by("at", "pk").values_list("event", flat=True))


def sample_payload(**changes):
    return {
        "user_ip": "203.0.113.9",
        "user_agent": "Mozilla/5.0 (Test)",
        "referrer": "",
        "permalink": "https://news.example.com/a/1/",
        "comment_type": "comment",
        "comment_author": "أبو خالد",
        "comment_author_email": "abukhaled@example.com",
        "comment_content": "نص",
        "blog_lang": "ar",
        "blog_charset": "UTF-8",
        **changes,
    }


# --- the answers and their verdicts --------------------------------------------------------

DISCARD_HEADERS = {"X-akismet-pro-tip": "discard", "X-akismet-guid": "g-3"}

CLASSIFYING = [
    # (answer, verdict, status, akismet_result, history)
    pytest.param(
        ("false", 200, {"X-akismet-guid": "g-1"}),
        spam.Verdict.HAM,
        Comment.Status.PENDING,
        "ham",
        ["received", "check-ham", "notified"],
        id="ham",
    ),
    pytest.param(
        ("true", 200, {"X-akismet-guid": "g-2"}),
        spam.Verdict.SPAM,
        Comment.Status.SPAM,
        "spam",
        ["received", "check-spam", "status-spam"],
        id="spam",
    ),
    pytest.param(
        ("true", 200, DISCARD_HEADERS),
        spam.Verdict.DISCARD,
        Comment.Status.SPAM,
        "discard",
        ["received", "check-discard", "status-spam"],
        id="discard",
    ),
]


def _answer(body, status=200, headers=None):
    return lambda service: service.answer(body, status=status, headers=headers)


def _raise(exception_class):
    return lambda service: service.fail(exception_class)


FAILURES = [
    # (how the service fails, what the error detail mentions)
    pytest.param(_answer("invalid"), "APIKeyError", id="invalid-key"),
    pytest.param(_answer("Internal Server Error", status=500), "500", id="http-500"),
    pytest.param(_answer("Bad Gateway", status=502), "502", id="http-502"),
    pytest.param(_raise(httpx.ReadTimeout), "timed out", id="timeout"),
    pytest.param(_raise(httpx.ConnectTimeout), "timed out", id="connect-timeout"),
    pytest.param(_raise(httpx.ConnectError), "ConnectError", id="connection-refused"),
    pytest.param(_answer("<html>maintenance</html>"), "ProtocolError", id="unknown-body"),
    pytest.param(_answer(""), "ProtocolError", id="empty-body"),
]


@pytest.mark.parametrize(("answer", "verdict", "status", "result", "events"), CLASSIFYING)
def test_answer_gives_its_verdict_and_keeps_the_guid(mock, answer, verdict, status, result, events):
    body, code, headers = answer
    mock.answer(body, status=code, headers=headers)

    outcome = spam.check(sample_payload())

    assert outcome.verdict == verdict
    assert outcome.guid == headers["X-akismet-guid"]
    assert outcome.headers["x-akismet-guid"] == headers["X-akismet-guid"]
    assert len(mock.forms("comment-check")) == 1


@pytest.mark.parametrize(("answer", "verdict", "status", "result", "events"), CLASSIFYING)
def test_posted_comment_gets_the_status_and_history_of_the_answer(
    client,
    mock,
    moderator,
    django_capture_on_commit_callbacks,
    answer,
    verdict,
    status,
    result,
    events,
):
    body, code, headers = answer
    mock.answer(body, status=code, headers=headers)
    article = make_article()

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article)

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.status == status
    assert comment.akismet_result == result
    assert comment.akismet_guid == headers["X-akismet-guid"]
    assert comment.akismet_checked_at is not None
    assert comment.akismet_attempts == 1
    assert history(comment) == events
    # Only a comment waiting for a moderator is announced to them.
    assert len(mail.outbox) == (1 if status == Comment.Status.PENDING else 0)


@pytest.mark.parametrize(("fail", "mentioned"), FAILURES)
def test_failure_gives_an_error_verdict_and_never_raises(mock, fail, mentioned):
    fail(mock)

    outcome = spam.check(sample_payload())

    assert outcome.verdict == spam.Verdict.ERROR
    assert mentioned in outcome.detail
    assert len(mock.forms("comment-check")) == 1


@pytest.mark.parametrize(("fail", "mentioned"), FAILURES)
def test_failure_keeps_the_posted_comment_pending_with_an_error_and_no_email_yet(
    client, mock, moderator, django_capture_on_commit_callbacks, fail, mentioned
):
    fail(mock)
    article = make_article()

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article)

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Comment.AkismetResult.ERROR
    assert comment.akismet_checked_at is not None
    assert history(comment) == ["received", "check-error"]
    assert mentioned in comment.events.get(event="check-error").detail
    # Kept for the retry: the payload that could not be checked.
    assert comment.akismet_payload["comment_content"] == VALID["comment"]
    assert comment.notified_at is None
    assert mail.outbox == []


def test_timeout_keeps_the_comment_pending_with_an_error(client, mock):
    mock.fail(httpx.ReadTimeout)
    response = post(client, make_article())

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == "error"
    assert comment.events.get(event="check-error").detail == (
        "RequestError: Akismet timed out. (ReadTimeout: mock failure)"
    )


def test_ham_from_a_returning_author_is_approved(client, mock):
    article = make_article()
    make_comment(article, author_name=VALID["author"], author_email="AbuKhaled@example.com")

    post(client, article)

    comment = Comment.objects.get(content=VALID["comment"])
    assert comment.status == Comment.Status.APPROVED
    assert history(comment) == ["received", "check-ham", "status-approved"]


def test_error_from_a_returning_author_still_waits_for_the_retry(client, mock):
    mock.fail(httpx.ConnectError)
    article = make_article()
    make_comment(article, author_name=VALID["author"], author_email=VALID["email"])

    post(client, article)

    comment = Comment.objects.get(content=VALID["comment"])
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == "error"


def test_account_error_header_holds_a_cleared_comment_for_a_moderator(client, mock):
    mock.answer("false", headers={"X-akismet-error": "key suspended"})
    article = make_article()
    make_comment(article, author_name=VALID["author"], author_email=VALID["email"])

    post(client, article)

    comment = Comment.objects.get(content=VALID["comment"])
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == "ham"
    assert history(comment) == ["received", "check-ham", "held"]
    assert comment.events.get(event="held").detail == {
        "reason": "akismet",
        "error": "key suspended",
    }


def test_alert_header_is_logged(mock, caplog):
    mock.answer(
        "false",
        headers={"X-akismet-alert-code": "10501", "X-akismet-alert-msg": "Usage limit"},
    )
    outcome = spam.check(sample_payload())
    assert outcome.verdict == spam.Verdict.HAM
    assert "Akismet alert 10501: Usage limit" in caplog.text


# --- no key ----------------------------------------------------------------------------------


def test_without_a_key_nothing_is_sent_and_the_verdict_is_skipped(mock, settings):
    settings.AKISMET_API_KEY = ""

    assert spam.check(sample_payload()).verdict == spam.Verdict.SKIPPED
    assert spam.report(sample_payload(), as_spam=True).ok is False
    assert spam.verify_key().ok is False
    assert mock.requests == []


def test_without_a_key_the_posted_comment_waits_for_a_moderator(
    client, mock, settings, moderator, django_capture_on_commit_callbacks
):
    settings.AKISMET_API_KEY = ""
    article = make_article()

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article)

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert mock.requests == []
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Comment.AkismetResult.SKIPPED
    assert comment.akismet_checked_at is None
    assert history(comment) == ["received", "notified"]
    assert len(mail.outbox) == 1


# --- what is sent ----------------------------------------------------------------------------


def test_check_sends_everything_known_about_the_comment(client, mock, settings):
    settings.AKISMET_IS_TEST = True
    category = make_category(name="سياسة", slug="سياسة")
    article = make_article(category=category)
    article.tags.add(
        Tag.objects.create(name="انتخابات", slug="انتخابات"),
        Tag.objects.create(name="برلمان", slug="برلمان"),
    )
    typed = '<b>رأيي</b> & "اقتباس"\nسطر ثانٍ https://example.org'

    post(
        client,
        article,
        meta={
            "REMOTE_ADDR": "203.0.113.9",
            "HTTP_USER_AGENT": "Mozilla/5.0 (Test)",
            "HTTP_REFERER": "https://news.example.com/politics/",
        },
        comment=typed,
        url="https://abukhaled.example.net/",
    )

    [sent] = mock.forms("comment-check")
    comment = Comment.objects.get()
    article.refresh_from_db()
    assert sent["api_key"] == [KEY]
    assert sent["blog"] == [BLOG]
    assert sent["user_ip"] == ["203.0.113.9"]
    assert sent["user_agent"] == ["Mozilla/5.0 (Test)"]
    assert sent["referrer"] == ["https://news.example.com/politics/"]
    assert sent["permalink"] == ["https://news.example.com" + article.get_absolute_url()]
    assert sent["comment_type"] == ["comment"]
    assert sent["comment_author"] == [VALID["author"]]
    assert sent["comment_author_email"] == [VALID["email"]]
    assert sent["comment_author_url"] == ["https://abukhaled.example.net/"]
    assert sent["comment_content"] == [typed]
    assert sent["blog_lang"] == ["ar"]
    assert sent["blog_charset"] == ["UTF-8"]
    assert sent["comment_context"] == ["سياسة، انتخابات، برلمان"]
    assert sent["is_test"] == ["true"]
    assert "user_role" not in sent
    assert "recheck_reason" not in sent

    checked_at = datetime.fromisoformat(sent["comment_date_gmt"][0])
    assert checked_at.utcoffset() == timedelta(0)
    assert abs(checked_at - comment.created_at) < timedelta(seconds=1)
    modified = datetime.fromisoformat(sent["comment_post_modified_gmt"][0])
    assert modified.utcoffset() == timedelta(0)
    assert abs(modified - article.updated_at) < timedelta(seconds=1)


def test_stored_payload_is_exactly_what_was_sent(client, mock, settings):
    settings.AKISMET_IS_TEST = True
    article = make_article()
    article.tags.add(Tag.objects.create(name="اقتصاد", slug="اقتصاد"))

    post(
        client,
        article,
        meta={"HTTP_USER_AGENT": "Mozilla/5.0 (Test)"},
        url="https://abukhaled.example.net/",
    )

    [sent] = mock.forms("comment-check")
    stored = Comment.objects.get().akismet_payload
    # The library adds the key and the site; everything else is the stored payload.
    assert sent.pop("api_key") == [KEY]
    assert sent.pop("blog") == [BLOG]
    assert sent == on_the_wire(stored)


def test_nothing_optional_is_sent_empty_or_invented(client, mock):
    post(client, make_article())

    [sent] = mock.forms("comment-check")
    assert "comment_author_url" not in sent
    assert "is_test" not in sent
    assert "user_role" not in sent
    assert sent["user_ip"] == ["127.0.0.1"]
    assert sent["comment_context"] == [Comment.objects.get().article.category.name]


def test_the_articles_context_is_read_once_and_again_after_the_article_is_saved(
    client, mock, settings
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article(category=make_category(name="سياسة", slug="سياسة"))
    article.tags.add(Tag.objects.create(name="انتخابات", slug="انتخابات"))
    post(client, article, email="first@example.com", comment="الأول")

    with CaptureQueriesContext(connection) as queries:
        post(client, article, email="second@example.com", comment="الثاني")
    assert not [query for query in queries if "articles_tag" in query["sql"]]

    article.tags.add(Tag.objects.create(name="برلمان", slug="برلمان"))
    article.save()  # as the admin does when it changes the tags
    post(client, article, email="third@example.com", comment="الثالث")

    contexts = [sent["comment_context"] for sent in mock.forms("comment-check")]
    assert contexts == [["سياسة، انتخابات"], ["سياسة، انتخابات"], ["سياسة، انتخابات، برلمان"]]


def test_reply_is_sent_as_a_reply(client, mock):
    article = make_article()
    parent = make_comment(article)

    post(client, article, comment_parent=str(parent.pk))

    [sent] = mock.forms("comment-check")
    assert sent["comment_type"] == ["reply"]


def test_blog_lang_follows_the_readers_english_choice(client, mock):
    client.cookies["django_language"] = "en"
    post(client, make_article())

    [sent] = mock.forms("comment-check")
    assert sent["blog_lang"] == ["en"]


@pytest.mark.parametrize(
    ("user_fields", "permissions", "role"),
    [
        # Staff (is_staff) who moderate are not sent at all: test_staff_identity.py.
        pytest.param(
            {"is_superuser": True, "is_staff": False}, [], "administrator", id="superuser"
        ),
        pytest.param({"is_staff": False}, ["comments.moderate_comment"], "editor", id="moderator"),
        pytest.param({}, [], "subscriber", id="staff-without-moderation"),
    ],
)
def test_signed_in_staff_are_sent_with_their_role(client, mock, user_fields, permissions, role):
    client.force_login(make_user(permissions=permissions, **user_fields))

    post(client, make_article())

    [sent] = mock.forms("comment-check")
    assert sent["user_role"] == [role]
    assert Comment.objects.get().akismet_payload["user_role"] == role


def test_requests_carry_the_library_user_agent_and_the_configured_timeout(mock, settings):
    settings.AKISMET_TIMEOUT = 0.7
    spam.check(sample_payload())

    [request] = mock.requests
    assert request.headers["User-Agent"] == akismet_lib.USER_AGENT
    assert request.extensions["timeout"]["read"] == 0.7
    assert request.extensions["timeout"]["connect"] == 0.7


def test_client_is_built_once_and_rebuilt_when_a_setting_changes(mock, settings):
    spam.check(sample_payload())
    spam.check(sample_payload(comment_content="آخر"))
    assert mock.builds == 1

    settings.AKISMET_API_KEY = "another-key"
    spam.check(sample_payload())

    assert mock.builds == 2
    assert [form["api_key"] for form in mock.forms("comment-check")] == [
        [KEY],
        [KEY],
        ["another-key"],
    ]


def test_recheck_reason_is_sent_only_when_given(mock):
    spam.check(sample_payload())
    spam.check(sample_payload(), recheck_reason="retry")

    first, retry = mock.forms("comment-check")
    assert "recheck_reason" not in first
    assert retry["recheck_reason"] == ["retry"]


def test_without_a_custom_url_requests_go_to_the_akismet_path(mock):
    spam.check(sample_payload())

    [request] = mock.requests
    assert str(request.url) == "https://rest.akismet.com/1.1/comment-check"
    assert request.method == "POST"


@pytest.mark.parametrize(
    ("base_url", "expected_prefix", "host"),
    [
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765", "127.0.0.1:8765"),
        (
            "http://akismet-proxy.internal:8081/",
            "http://akismet-proxy.internal:8081",
            "akismet-proxy.internal:8081",
        ),
        (
            "https://gateway.example.net/akismet/",
            "https://gateway.example.net/akismet",
            "gateway.example.net",
        ),
        ("http://10.0.0.5:9000/a/b", "http://10.0.0.5:9000/a/b", "10.0.0.5:9000"),
    ],
)
def test_endpoint_transport_keeps_the_path_and_sends_to_the_configured_host(
    mock, settings, base_url, expected_prefix, host
):
    settings.AKISMET_API_URL = base_url
    settings.COMMENTS_SPAM_CLIENT_FACTORY = "tests.comments.mock_akismet.endpoint_factory"

    assert spam.check(sample_payload()).verdict == spam.Verdict.HAM
    assert spam.report(sample_payload(), as_spam=True).ok
    assert spam.verify_key().ok

    urls = [str(request.url) for request in mock.requests]
    assert urls == [
        f"{expected_prefix}/1.1/comment-check",
        f"{expected_prefix}/1.1/submit-spam",
        f"{expected_prefix}/1.1/verify-key",
    ]
    assert {request.headers["Host"] for request in mock.requests} == {host}
    assert mock.forms("comment-check")[0]["comment_author"] == ["أبو خالد"]


# --- reports and key checks ------------------------------------------------------------------


@pytest.mark.parametrize(("as_spam", "endpoint"), [(True, "submit-spam"), (False, "submit-ham")])
def test_report_sends_the_stored_payload_and_is_ok_on_thanks(mock, as_spam, endpoint):
    mock.answer(THANKS)
    payload = sample_payload(comment_context=["سياسة", "برلمان"], user_role="editor")

    outcome = spam.report(payload, as_spam=as_spam)

    assert outcome.ok is True
    [sent] = mock.forms(endpoint)
    assert len(mock.requests) == 1
    assert sent.pop("api_key") == [KEY]
    assert sent.pop("blog") == [BLOG]
    assert sent == on_the_wire(payload)


@pytest.mark.parametrize(
    "fail",
    [
        pytest.param(_answer("invalid"), id="invalid-key"),
        pytest.param(_answer("Internal Server Error", status=500), id="http-500"),
        pytest.param(_raise(httpx.ReadTimeout), id="timeout"),
        pytest.param(_raise(httpx.ConnectError), id="connection-refused"),
        pytest.param(_answer("false"), id="unexpected-body"),
    ],
)
@pytest.mark.parametrize("as_spam", [True, False], ids=["spam", "ham"])
def test_report_failure_is_not_ok_and_never_raises(mock, fail, as_spam):
    fail(mock)

    outcome = spam.report(sample_payload(), as_spam=as_spam)

    assert outcome.ok is False
    assert outcome.detail
    assert len(mock.requests) == 1


def test_verify_key_sends_the_key_and_site_and_accepts_valid(mock):
    mock.answer("valid")

    outcome = spam.verify_key()

    assert outcome.ok is True
    [sent] = mock.forms("verify-key")
    assert sent == {"key": [KEY], "blog": [BLOG]}


@pytest.mark.parametrize(
    "fail",
    [
        pytest.param(_answer("invalid"), id="invalid-key"),
        pytest.param(_answer("Internal Server Error", status=500), id="http-500"),
        pytest.param(_raise(httpx.ReadTimeout), id="timeout"),
        pytest.param(_raise(httpx.ConnectError), id="connection-refused"),
        pytest.param(_answer("<html>maintenance</html>"), id="unknown-body"),
    ],
)
def test_verify_key_failure_is_not_ok_and_never_raises(mock, fail):
    fail(mock)

    outcome = spam.verify_key()

    assert outcome.ok is False
    assert outcome.detail
    assert len(mock.forms("verify-key")) == 1


def test_gmt_dates_are_utc_iso_8601_to_the_second():
    kuwait_evening = datetime(2025, 7, 1, 18, 30, 45, 123456, tzinfo=ZoneInfo("Asia/Kuwait"))
    assert spam._gmt(kuwait_evening) == "2025-07-01T15:30:45+00:00"
    assert spam._gmt(None) == ""
