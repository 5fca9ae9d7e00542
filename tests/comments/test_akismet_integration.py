"""The real `akismet` library against the fake Akismet on 127.0.0.1 (tests/akismet_fake.py).

Everything goes from the reader's form post to the stored row. The outage tests are the point:
whatever the service does, every comment is stored, and one recheck_comments run after the
service recovers classifies them all.
"""

import io
import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments import spam
from comments.models import Comment
from tests.akismet_fake import SPAM_AUTHOR, SPAM_EMAIL, VALID_KEY
from tests.comments.mock_akismet import on_the_wire
from tests.factories import COMMENT_FORM, make_article, make_comment, make_user, post_comment

pytestmark = pytest.mark.django_db

RETURNING = {"author": "أم سلمى", "email": "umsalma@example.com"}
POSTS = 50


@pytest.fixture
def moderator():
    return make_user(permissions=["comments.moderate_comment"], email="desk@example.com")


@pytest.fixture
def fake(akismet, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.AKISMET_IS_TEST = False
    return akismet


def history(comment):
    return list(comment.events.order_by("at", "pk").values_list("event", flat=True))


def closed_port_url():
    """An address on 127.0.0.1 where nothing listens: connections are refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- a working service -----------------------------------------------------------------------


def test_ham_from_a_first_time_author_waits_and_moderators_are_emailed(
    client, fake, moderator, django_capture_on_commit_callbacks
):
    article = make_article()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, article)

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == comment.get_absolute_url()
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Comment.AkismetResult.HAM
    assert comment.akismet_guid.startswith("guid-")
    assert history(comment) == ["received", "check-ham", "notified"]
    [email] = mail.outbox
    assert email.to == ["desk@example.com"]
    assert COMMENT_FORM["comment"] in email.body


def test_stored_payload_and_guid_are_what_the_service_saw(client, fake):
    article = make_article()

    post_comment(client, article, url="https://abukhaled.example.net/")

    [sent] = fake.calls("comment-check")
    [request] = [r for r in fake.requests if r[0] == "/1.1/comment-check"]
    comment = Comment.objects.get()
    assert sent.pop("api_key") == [VALID_KEY]
    assert sent.pop("blog") == ["https://news.example.com"]
    assert sent == on_the_wire(comment.akismet_payload)
    assert sent["comment_author_url"] == ["https://abukhaled.example.net/"]
    assert request[2]["User-Agent"].startswith("akismet.py/")
    # The fake numbers its checks; the guid kept is the one of this check.
    post_comment(client, article, comment="تعليق ثانٍ")
    second = Comment.objects.get(content="تعليق ثانٍ")
    assert comment.akismet_guid.startswith("guid-")
    assert int(second.akismet_guid.removeprefix("guid-")) == (
        int(comment.akismet_guid.removeprefix("guid-")) + 1
    )


def test_ham_from_a_returning_author_is_approved(client, fake, django_capture_on_commit_callbacks):
    article = make_article()
    make_comment(article, author_name=COMMENT_FORM["author"], author_email=COMMENT_FORM["email"])

    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, article)

    comment = Comment.objects.get(content=COMMENT_FORM["comment"])
    assert response.status_code == 302
    assert comment.status == Comment.Status.APPROVED
    assert comment.akismet_result == Comment.AkismetResult.HAM
    assert history(comment) == ["received", "check-ham", "status-approved"]
    assert mail.outbox == []


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"author": SPAM_AUTHOR}, id="by-name"),
        pytest.param({"email": SPAM_EMAIL}, id="by-email"),
    ],
)
def test_spam_is_filed_as_spam_without_an_email(
    client, fake, moderator, django_capture_on_commit_callbacks, changes
):
    article = make_article()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, article, **changes)

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.status == Comment.Status.SPAM
    assert comment.akismet_result == Comment.AkismetResult.SPAM
    assert history(comment) == ["received", "check-spam", "status-spam"]
    assert mail.outbox == []


def test_discard_is_stored_as_spam_marked_blatant(client, fake):
    fake.discard_next = True
    article = make_article()

    response = post_comment(client, article)

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.status == Comment.Status.SPAM
    assert comment.akismet_result == Comment.AkismetResult.DISCARD
    assert Comment.objects.blatant().filter(pk=comment.pk).exists()
    assert history(comment) == ["received", "check-discard", "status-spam"]


def test_reports_and_the_key_check_reach_the_service(fake):
    payload = {"user_ip": "203.0.113.9", "comment_content": "نص", "comment_type": "comment"}

    assert spam.verify_key().ok
    assert spam.report(payload, as_spam=True).ok
    assert spam.report(payload, as_spam=False).ok

    assert fake.calls("verify-key") == [{"key": [VALID_KEY], "blog": ["https://news.example.com"]}]
    for endpoint in ("submit-spam", "submit-ham"):
        [sent] = fake.calls(endpoint)
        assert sent["comment_content"] == ["نص"]


# --- outages ---------------------------------------------------------------------------------

OUTAGES = ["down", "slow", "error", "invalid", "garbage"]


def break_service(outage, fake, settings):
    if outage == "down":
        settings.AKISMET_API_URL = closed_port_url()
    elif outage == "slow":
        settings.AKISMET_TIMEOUT = 0.15  # 50 timeouts in under 10 s
        fake.delay = 0.4
        fake.mode = "slow"
    else:
        fake.mode = outage


def recover(fake, settings):
    fake.mode = "ok"
    settings.AKISMET_TIMEOUT = 3.0
    settings.AKISMET_API_URL = fake.url


def author_of(n):
    """Every fifth comment is from a spammer, every fifth from a returning author."""
    if n % 5 == 0:
        return {"author": SPAM_AUTHOR, "email": f"bot{n}@example.com"}
    if n % 5 == 1:
        return RETURNING
    return {"author": f"قارئ رقم {n}", "email": f"reader{n}@example.com"}


@pytest.mark.parametrize("outage", OUTAGES)
def test_comments_posted_during_an_outage_are_kept_and_one_recheck_classifies_them(
    client, fake, settings, moderator, django_capture_on_commit_callbacks, outage
):
    settings.POST_BURST_LIMIT = 0  # many readers, one test address: not a burst
    article = make_article()
    earlier = make_comment(
        article, author_name=RETURNING["author"], author_email=RETURNING["email"]
    )
    break_service(outage, fake, settings)

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(POSTS):
            response = post_comment(
                client, article, comment=f"تعليق رقم {n} على الخبر", **author_of(n)
            )
            assert response.status_code == 302, (n, response.status_code)

    comments = list(Comment.objects.exclude(pk=earlier.pk).order_by("pk"))
    assert len(comments) == POSTS
    for comment in comments:
        assert comment.status == Comment.Status.PENDING
        assert comment.akismet_result == Comment.AkismetResult.ERROR
        assert history(comment) == ["received", "check-error"]
        assert comment.notified_at is None
    assert mail.outbox == []
    assert not [c for c in fake.calls("comment-check") if "recheck_reason" in c]

    recover(fake, settings)
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recheck_comments", stdout=output)

    assert f"Re-checked {POSTS} comment(s)." in output.getvalue()
    retries = {
        call["comment_content"][0]: call
        for call in fake.calls("comment-check")
        if call.get("recheck_reason") == ["retry"]
    }
    assert len(retries) == POSTS
    emailed = []
    for n, comment in enumerate(comments):
        comment.refresh_from_db()
        sent = dict(retries[comment.content])
        assert sent.pop("recheck_reason") == ["retry"]
        assert sent.pop("api_key") == [VALID_KEY]
        sent.pop("blog")
        assert sent == on_the_wire(comment.akismet_payload), n
        assert comment.akismet_attempts == 2
        assert comment.akismet_guid.startswith("guid-")
        if n % 5 == 0:
            assert comment.status == Comment.Status.SPAM, n
            assert comment.akismet_result == Comment.AkismetResult.SPAM
            assert history(comment)[2:] == ["retry-spam", "status-spam"]
        elif n % 5 == 1:
            assert comment.status == Comment.Status.APPROVED, n
            assert comment.akismet_result == Comment.AkismetResult.HAM
            assert history(comment)[2:] == ["retry-ham", "status-approved"]
        else:
            assert comment.status == Comment.Status.PENDING, n
            assert comment.akismet_result == Comment.AkismetResult.HAM
            assert history(comment)[2:] == ["retry-ham", "notified"]
            assert comment.notified_at is not None
            emailed.append(comment.content)

    # Moderators hear of each comment still waiting for them, and of nothing else, in one
    # digest at the end of the run.
    assert len(emailed) == POSTS * 3 // 5
    (digest,) = mail.outbox
    assert all(content in digest.body for content in emailed)
    assert not any(c.content in digest.body for c in comments if c.content not in emailed)


def test_recheck_while_the_service_is_still_down_changes_nothing(client, fake, settings, moderator):
    settings.AKISMET_API_URL = closed_port_url()
    post_comment(client, make_article())

    with pytest.raises(CommandError, match="nothing re-checked"):
        call_command("recheck_comments", stdout=io.StringIO())

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Comment.AkismetResult.ERROR
    assert comment.akismet_attempts == 1
    assert history(comment) == ["received", "check-error"]
    assert mail.outbox == []


def test_recheck_stops_at_the_first_failure_and_leaves_the_rest_for_later(
    client, fake, monkeypatch
):
    fake.mode = "error"
    article = make_article()
    for n in range(3):
        post_comment(client, article, comment=f"تعليق رقم {n}", author=f"قارئ {n}")
    first, *rest = Comment.objects.order_by("pk")
    # The service is back for the key check, but comment-check still fails.
    fake.mode = "ok"
    answer = fake._answer

    def failing_checks(path, fields):
        if path == "/1.1/comment-check":
            return 500, "Internal Server Error", {}
        return answer(path, fields)

    monkeypatch.setattr(fake, "_answer", failing_checks)
    output = io.StringIO()
    call_command("recheck_comments", stdout=output)

    assert "Re-checked 1 comment(s); stopped at the first failure" in output.getvalue()
    assert len(fake.calls("verify-key")) == 1
    first.refresh_from_db()
    assert first.status == Comment.Status.PENDING
    assert first.akismet_attempts == 2
    assert history(first) == ["received", "check-error", "retry-error"]
    for comment in rest:
        assert history(comment) == ["received", "check-error"]


def test_comment_unchecked_for_a_day_is_announced_even_while_the_service_is_down(
    fake, settings, moderator
):
    settings.AKISMET_API_URL = closed_port_url()
    article = make_article()
    overdue = make_comment(
        article,
        status=Comment.Status.PENDING,
        akismet_result=Comment.AkismetResult.ERROR,
        created_at=timezone.now() - timedelta(hours=25),
    )
    recent = make_comment(
        article,
        status=Comment.Status.PENDING,
        akismet_result=Comment.AkismetResult.ERROR,
        created_at=timezone.now() - timedelta(hours=23),
    )

    with pytest.raises(CommandError):
        call_command("recheck_comments", stdout=io.StringIO())

    [email] = mail.outbox
    assert overdue.content in email.body
    overdue.refresh_from_db()
    recent.refresh_from_db()
    assert overdue.notified_at is not None
    assert overdue.status == Comment.Status.PENDING
    assert recent.notified_at is None
