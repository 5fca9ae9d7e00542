"""`recheck_comments` and `purge_spam` against the fake Akismet (docs/comments.md)."""

import re
import threading
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from comments import actions
from comments.models import Comment, CommentEvent
from comments.states import Verdict
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

no_row_locks = pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has no row locks")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only


def errored(article, *, ago=timedelta(hours=1), **fields):
    """A pending comment whose first Akismet check failed `ago`."""
    defaults = {
        "status": Comment.Status.PENDING,
        "akismet_result": Verdict.ERROR,
        "akismet_attempts": 1,
        "created_at": timezone.now() - ago,
    }
    return make_comment(article, **{**defaults, **fields})


def recheck():
    out = StringIO()
    call_command("recheck_comments", stdout=out)
    return out.getvalue()


def purge():
    out = StringIO()
    call_command("purge_spam", stdout=out)
    return out.getvalue()


def checked_contents(akismet):
    return [fields["comment_content"][0] for fields in akismet.calls("comment-check")]


def fail_comment_checks(monkeypatch, akismet, *, after=0):
    """Make the fake answer HTTP 500 to comment-check after `after` good answers; the key
    check keeps working, so the command gets past verify-key."""
    answer = akismet._answer
    served = Counter()

    def failing(path, fields):
        if path == "/1.1/comment-check":
            served["check"] += 1
            if served["check"] > after:
                return 500, "Internal Server Error", {}
        return answer(path, fields)

    monkeypatch.setattr(akismet, "_answer", failing)


# --- recheck_comments: the key ---------------------------------------------------------------


def test_recheck_verifies_the_key_before_checking_anything(akismet):
    errored(make_article())
    recheck()
    assert len(akismet.calls("verify-key")) == 1
    assert akismet.requests[0][0] == "/1.1/verify-key"


def test_recheck_with_a_bad_key_fails_and_checks_nothing(akismet, settings):
    settings.AKISMET_API_KEY = "not-the-key"
    comment = errored(make_article())

    with pytest.raises(CommandError):
        recheck()

    assert len(akismet.calls("verify-key")) == 1
    assert akismet.calls("comment-check") == []
    comment.refresh_from_db()
    assert comment.akismet_result == Verdict.ERROR
    assert comment.akismet_attempts == 1
    assert not comment.events.exists()


def test_recheck_while_akismet_is_down_fails_and_checks_nothing(akismet):
    akismet.mode = "error"
    errored(make_article())
    with pytest.raises(CommandError):
        recheck()
    assert akismet.calls("comment-check") == []


def test_recheck_without_a_key_does_nothing(akismet, settings):
    settings.AKISMET_API_KEY = ""
    comment = errored(make_article())
    assert "nothing to re-check" in recheck()
    assert akismet.requests == []
    comment.refresh_from_db()
    assert comment.akismet_result == Verdict.ERROR


# --- recheck_comments: what it takes ---------------------------------------------------------


def test_recheck_takes_the_100_oldest_errored_comments_oldest_first(akismet, monkeypatch):
    # The fake writes headers and body separately; without TCP_NODELAY each answer waits
    # for a delayed ACK (~40 ms), which only slows this 100-request test down.
    monkeypatch.setattr(akismet._server.RequestHandlerClass, "disable_nagle_algorithm", True)
    article = make_article()
    now = timezone.now()
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name=f"قارئ {n}",
            author_email=f"reader{n}@example.com",
            content=f"تعليق قديم رقم {n}",
            status=Comment.Status.PENDING,
            akismet_result=Verdict.ERROR,
            akismet_attempts=1,
            created_at=now - timedelta(hours=2, minutes=n),
        )
        for n in range(105)
    )

    output = recheck()

    oldest_first = [f"تعليق قديم رقم {n}" for n in reversed(range(105))]
    assert checked_contents(akismet) == oldest_first[:100]
    assert "Re-checked 100 comment(s)." in output
    still_errored = Comment.objects.filter(akismet_result=Verdict.ERROR)
    assert sorted(still_errored.values_list("content", flat=True)) == sorted(oldest_first[100:])


def test_recheck_limit_option(akismet):
    article = make_article()
    for hours in (5, 4, 3):
        errored(article, ago=timedelta(hours=hours))
    call_command("recheck_comments", "--limit", "2", stdout=StringIO())
    assert len(akismet.calls("comment-check")) == 2
    assert Comment.objects.filter(akismet_result=Verdict.ERROR).count() == 1


def test_recheck_stops_at_the_first_failure(akismet, monkeypatch):
    fail_comment_checks(monkeypatch, akismet)
    article = make_article()
    first = errored(article, ago=timedelta(hours=3))
    rest = [errored(article, ago=timedelta(hours=2)), errored(article, ago=timedelta(hours=1))]

    output = recheck()

    assert checked_contents(akismet) == [first.content]
    assert "stopped at the first failure" in output
    first.refresh_from_db()
    assert first.akismet_attempts == 2
    assert first.akismet_result == Verdict.ERROR
    assert first.status == Comment.Status.PENDING
    assert list(first.events.values_list("event", flat=True)) == ["retry-error"]
    for comment in rest:
        comment.refresh_from_db()
        assert comment.akismet_attempts == 1
        assert comment.akismet_checked_at is None
        assert not comment.events.exists()


def test_recheck_keeps_what_it_checked_before_a_failure(akismet, monkeypatch):
    fail_comment_checks(monkeypatch, akismet, after=2)
    article = make_article()
    comments = [errored(article, ago=timedelta(hours=hours)) for hours in (5, 4, 3, 2)]

    recheck()

    assert checked_contents(akismet) == [comment.content for comment in comments[:3]]
    results = [Comment.objects.get(pk=comment.pk).akismet_result for comment in comments]
    assert results == [Verdict.HAM, Verdict.HAM, Verdict.ERROR, "error"]
    assert Comment.objects.get(pk=comments[3].pk).akismet_attempts == 1


@pytest.mark.parametrize(
    "status", [Comment.Status.APPROVED, Comment.Status.SPAM, Comment.Status.TRASH]
)
def test_recheck_skips_comments_a_moderator_already_moved(akismet, status):
    article = make_article()
    moved = errored(article, status=status)
    waiting = errored(article)

    recheck()

    assert checked_contents(akismet) == [waiting.content]
    moved.refresh_from_db()
    assert moved.status == status
    assert moved.akismet_result == Verdict.ERROR
    assert moved.akismet_attempts == 1


def test_recheck_skips_comments_older_than_15_days(akismet):
    article = make_article()
    old = errored(article, ago=timedelta(days=15, minutes=1))
    young = errored(article, ago=timedelta(days=14, hours=23))

    recheck()

    assert checked_contents(akismet) == [young.content]
    old.refresh_from_db()
    assert old.akismet_result == Verdict.ERROR


def test_recheck_leaves_comments_that_did_not_fail_alone(akismet):
    article = make_article()
    for result in (Verdict.HAM, Verdict.SKIPPED, Verdict.SPAM):
        errored(article, akismet_result=result)
    recheck()
    assert akismet.calls("comment-check") == []


# --- recheck_comments: verdicts --------------------------------------------------------------


def test_recheck_files_spam_as_spam(akismet):
    comment = errored(make_article(), author_name="akismet-guaranteed-spam")

    recheck()

    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM
    assert comment.akismet_result == Verdict.SPAM
    assert list(comment.events.values_list("event", flat=True)) == ["retry-spam", "status-spam"]
    (sent,) = akismet.calls("comment-check")
    assert sent["recheck_reason"] == ["retry"]


def test_recheck_ham_stays_pending_and_moderators_are_emailed(
    akismet, django_capture_on_commit_callbacks
):
    make_user(permissions=["comments.moderate_comment"], email="mod@example.com")
    comment = errored(make_article())

    with django_capture_on_commit_callbacks(execute=True):
        recheck()

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Verdict.HAM
    assert comment.notified_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mod@example.com"]
    assert comment.content in mail.outbox[0].body
    assert list(comment.events.values_list("event", flat=True)) == ["retry-ham", "notified"]


def test_recheck_ham_from_a_returning_author_is_approved_without_email(
    akismet, django_capture_on_commit_callbacks
):
    make_user(permissions=["comments.moderate_comment"], email="mod@example.com")
    article = make_article()
    make_comment(
        article,
        author_name="سارة",
        author_email="sara@example.com",
        created_at=timezone.now() - timedelta(days=3),
    )
    comment = errored(article, author_name="سارة", author_email="sara@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        recheck()

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert mail.outbox == []


def test_errored_comment_waiting_over_24_hours_is_emailed_while_akismet_is_down(
    akismet, django_capture_on_commit_callbacks
):
    akismet.mode = "error"
    make_user(permissions=["comments.moderate_comment"], email="mod@example.com")
    article = make_article()
    overdue = errored(article, ago=timedelta(hours=25))
    recent = errored(article, ago=timedelta(hours=23))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError):
        recheck()

    assert akismet.calls("comment-check") == []
    assert len(mail.outbox) == 1
    assert overdue.content in mail.outbox[0].body
    overdue.refresh_from_db()
    recent.refresh_from_db()
    assert overdue.notified_at is not None
    assert overdue.status == Comment.Status.PENDING
    assert recent.notified_at is None


def test_overdue_comment_is_emailed_when_its_retry_fails_again(akismet, monkeypatch):
    fail_comment_checks(monkeypatch, akismet)
    make_user(permissions=["comments.moderate_comment"], email="mod@example.com")
    overdue = errored(make_article(), ago=timedelta(hours=30))

    recheck()

    assert len(mail.outbox) == 1
    overdue.refresh_from_db()
    assert overdue.notified_at is not None


def test_recheck_twice_does_nothing_the_second_time(akismet, django_capture_on_commit_callbacks):
    make_user(permissions=["comments.moderate_comment"], email="mod@example.com")
    article = make_article()
    errored(article, ago=timedelta(hours=2))
    errored(article, ago=timedelta(hours=1), author_name="akismet-guaranteed-spam")

    with django_capture_on_commit_callbacks(execute=True):
        recheck()
    checks, mails = len(akismet.calls("comment-check")), len(mail.outbox)
    events = CommentEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        output = recheck()

    assert (checks, mails) == (2, 1)
    assert len(akismet.calls("comment-check")) == checks
    assert len(mail.outbox) == mails
    assert CommentEvent.objects.count() == events
    assert "Re-checked 0 comment(s)." in output


# --- purge_spam ------------------------------------------------------------------------------


def aged(article, days, **fields):
    return make_comment(article, created_at=timezone.now() - timedelta(days=days), **fields)


def test_purge_deletes_spam_older_than_15_days_only():
    article = make_article()
    old_spam = aged(article, 16, status=Comment.Status.SPAM)
    young_spam = aged(article, 14, status=Comment.Status.SPAM)
    old_others = [
        aged(article, 40, status=status)
        for status in (Comment.Status.APPROVED, Comment.Status.PENDING, Comment.Status.TRASH)
    ]
    old_spam.log("status-spam")

    output = purge()

    assert not Comment.objects.filter(pk=old_spam.pk).exists()
    assert not CommentEvent.objects.filter(comment_id=old_spam.pk).exists()
    remaining = set(Comment.objects.values_list("pk", flat=True))
    assert remaining == {young_spam.pk, *(comment.pk for comment in old_others)}
    assert "Deleted 1 spam comment(s)" in output


def test_purge_clears_old_akismet_payloads_in_every_status_and_keeps_newer_ones():
    article = make_article()
    payload = {"comment_content": "نص"}
    old = {
        status: aged(article, 16, status=status, akismet_payload=payload)
        for status in (Comment.Status.APPROVED, Comment.Status.PENDING, Comment.Status.TRASH)
    }
    newer = [
        aged(article, 14, status=status, akismet_payload=payload)
        for status in (Comment.Status.APPROVED, Comment.Status.PENDING, Comment.Status.SPAM)
    ]

    output = purge()

    for comment in old.values():
        comment.refresh_from_db()
        assert comment.akismet_payload is None
    for comment in newer:
        comment.refresh_from_db()
        assert comment.akismet_payload == payload
    assert Comment.objects.filter(akismet_payload__isnull=True).count() == 3
    assert "cleared 3 payload(s)" in output


def test_purge_twice_does_nothing_the_second_time():
    article = make_article()
    aged(article, 20, status=Comment.Status.SPAM)
    aged(article, 20, status=Comment.Status.APPROVED, akismet_payload={"a": 1})
    aged(article, 2, status=Comment.Status.SPAM, akismet_payload={"a": 1})

    first = purge()
    rows = list(Comment.objects.values_list("pk", "status", "akismet_payload"))
    second = purge()

    assert "Deleted 1 spam comment(s); cleared 1 payload(s)." in first
    assert "Deleted 0 spam comment(s); cleared 0 payload(s)." in second
    assert list(Comment.objects.values_list("pk", "status", "akismet_payload")) == rows


def test_replies_to_a_purged_comment_survive_without_a_parent():
    article = make_article()
    parent = aged(article, 30, status=Comment.Status.APPROVED)
    actions.perform(parent, "spam", by=None)
    reply = aged(article, 29, parent=parent)
    reply_to_reply = aged(article, 28, parent=reply)

    purge()

    assert not Comment.objects.filter(pk=parent.pk).exists()
    reply.refresh_from_db()
    reply_to_reply.refresh_from_db()
    assert reply.parent_id is None
    assert reply.status == Comment.Status.APPROVED
    assert reply_to_reply.parent_id == reply.pk


def test_purge_handles_more_than_one_batch():
    article = make_article()
    old = timezone.now() - timedelta(days=20)
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name="بوت",
            author_email=f"bot{n}@example.com",
            content=f"مزعج {n}",
            status=Comment.Status.SPAM,
            created_at=old,
        )
        for n in range(1005)
    )
    assert "Deleted 1005 spam comment(s)" in purge()
    assert Comment.objects.count() == 0


# --- two runs at once (PostgreSQL) -----------------------------------------------------------


def run_together(command, runs=2):
    """Run `command` in `runs` threads started together; their outputs and errors."""
    barrier = threading.Barrier(runs)
    outputs, errors = [], []

    def run():
        out = StringIO()
        try:
            barrier.wait(timeout=10)
            call_command(command, stdout=out)
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            outputs.append(out.getvalue())
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outputs, errors


@no_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_recheck_runs_at_once_check_each_comment_exactly_once(akismet, monkeypatch):
    akismet.mode = "slow"
    monkeypatch.setattr(akismet, "delay", 0.05)
    article = make_article()
    comments = [errored(article, ago=timedelta(hours=1, minutes=n)) for n in range(8)]

    outputs, errors = run_together("recheck_comments")

    assert errors == []
    counts = Counter(checked_contents(akismet))
    assert counts == Counter({comment.content: 1 for comment in comments})
    checked = [int(re.search(r"Re-checked (\d+)", out).group(1)) for out in outputs]
    assert sum(checked) == len(comments)
    assert all(checked), "the two runs should have shared the work"
    assert not Comment.objects.filter(akismet_result=Verdict.ERROR).exists()


@no_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_purge_runs_at_once_delete_each_row_once():
    article = make_article()
    old = timezone.now() - timedelta(days=20)
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name="بوت",
            author_email=f"bot{n}@example.com",
            content=f"مزعج {n}",
            status=Comment.Status.SPAM,
            created_at=old,
            akismet_payload={"n": n},
        )
        for n in range(2500)
    )
    kept = aged(article, 20, status=Comment.Status.APPROVED, akismet_payload={"k": 1})

    outputs, errors = run_together("purge_spam")

    assert errors == []
    deleted = sum(int(re.search(r"Deleted (\d+)", out).group(1)) for out in outputs)
    cleared = sum(int(re.search(r"cleared (\d+)", out).group(1)) for out in outputs)
    assert deleted == 2500
    assert cleared == 1
    assert list(Comment.objects.values_list("pk", flat=True)) == [kept.pk]
