"""The desk list's bulk actions (approve, unapprove, spam, not spam, trash, check for spam)
and the Akismet reports they owe; Akismet must never hold the moderator up."""

import io

import pytest
from django.core.management import call_command

from comments.models import Comment
from comments.states import Verdict
from tests.comments.admin_pages import (
    events,
    run_action,
    stored_payload,
)
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

Status = Comment.Status


def as_form_fields(payload):
    return {
        key: [str(item) for item in value]
        if isinstance(value, list)
        else [("true" if value else "false") if isinstance(value, bool) else str(value)]
        for key, value in payload.items()
    }


def test_approve_action_approves_and_records_the_moderator(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    article = make_article()
    first = make_comment(article, status=Status.PENDING)
    second = make_comment(article, status=Status.PENDING)
    response = run_action(
        moderator_client, "approve", [first, second], capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    for comment in (first, second):
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED
        [event] = events(comment, "status-approved")
        assert event.actor == staff["moderator"]
    assert akismet.requests == []


def test_unapprove_action_sends_comments_back_to_moderation(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=Status.APPROVED)
    response = run_action(
        moderator_client, "unapprove", [comment], capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    [event] = events(comment, "status-pending")
    assert event.actor == staff["moderator"]
    assert akismet.requests == []


@pytest.mark.parametrize("before", [Status.PENDING, Status.APPROVED])
def test_marking_as_spam_reports_exactly_what_was_checked(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks, before
):
    comment = make_comment(
        make_article(),
        status=before,
        author_url="https://reader.example.net/",
        user_agent="Mozilla/5.0 (Test)",
        referrer="https://news.example.com/",
    )
    payload = stored_payload(comment, comment_content="النص كما فُحص أول مرة")
    comment.content = "نص عدّله القارئ لاحقاً"
    comment.save(update_fields=["content"])

    response = run_action(
        moderator_client, "mark_spam", [comment], capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.SPAM
    [status_event] = events(comment, "status-spam")
    assert status_event.actor == staff["moderator"]

    [sent] = akismet.calls("submit-spam")
    assert akismet.calls("submit-ham") == []
    assert akismet.calls("comment-check") == []
    expected = as_form_fields(payload)
    assert set(sent) == set(expected) | {"api_key", "blog"}
    assert {key: sent[key] for key in expected} == expected
    assert sent["api_key"] == ["fake-valid-key"]
    assert sent["blog"] == ["https://news.example.com"]

    [report] = events(comment, "report-spam")
    assert report.actor == staff["moderator"]
    assert events(comment, "report-error") == []


def test_marking_several_as_spam_sends_one_report_each(
    moderator_client, akismet, django_capture_on_commit_callbacks
):
    article = make_article()
    comments = [make_comment(article, status=Status.PENDING) for _ in range(3)]
    for comment in comments:
        stored_payload(comment)
    run_action(moderator_client, "mark_spam", comments, capture=django_capture_on_commit_callbacks)
    sent = akismet.calls("submit-spam")
    assert sorted(fields["comment_author"][0] for fields in sent) == sorted(
        comment.author_name for comment in comments
    )


def test_marking_spam_without_a_stored_payload_reports_the_comment_as_it_is(
    moderator_client, akismet, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=Status.APPROVED, content="اشترِ الآن")
    assert comment.akismet_payload is None
    run_action(moderator_client, "mark_spam", [comment], capture=django_capture_on_commit_callbacks)
    [sent] = akismet.calls("submit-spam")
    assert sent["comment_content"] == ["اشترِ الآن"]
    assert sent["user_ip"] == ["192.0.2.1"]


def test_not_spam_on_akismet_caught_spam_sends_it_to_pending_and_reports_ham(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=Status.SPAM, akismet_result=Verdict.SPAM)
    payload = stored_payload(comment)
    response = run_action(
        moderator_client,
        "mark_not_spam",
        [comment],
        query="status=spam",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.PENDING  # never straight to readers
    [status_event] = events(comment, "status-pending")
    assert status_event.actor == staff["moderator"]

    [sent] = akismet.calls("submit-ham")
    assert akismet.calls("submit-spam") == []
    expected = as_form_fields(payload)
    assert {key: sent[key] for key in expected} == expected
    assert set(sent) == set(expected) | {"api_key", "blog"}
    [report] = events(comment, "report-ham")
    assert report.actor == staff["moderator"]


def test_not_spam_leaves_comments_that_are_not_spam_alone(
    moderator_client, akismet, django_capture_on_commit_callbacks
):
    pending = make_comment(make_article(), status=Status.PENDING)
    run_action(
        moderator_client, "mark_not_spam", [pending], capture=django_capture_on_commit_callbacks
    )
    pending.refresh_from_db()
    assert pending.status == Status.PENDING
    assert akismet.requests == []
    assert not pending.events.exists()


def test_trash_moves_comments_to_the_trash_and_reports_nothing(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    article = make_article()
    comments = [
        make_comment(article, status=Status.PENDING),
        make_comment(article, status=Status.APPROVED),
    ]
    for comment in comments:
        stored_payload(comment)
    response = run_action(
        moderator_client, "trash", comments, capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == Status.TRASH
        [event] = events(comment, "status-trash")
        assert event.actor == staff["moderator"]
    assert akismet.requests == []


def test_trashing_spam_reports_nothing(
    moderator_client, akismet, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=Status.SPAM)
    stored_payload(comment)
    run_action(
        moderator_client,
        "trash",
        [comment],
        query="status=spam",
        capture=django_capture_on_commit_callbacks,
    )
    comment.refresh_from_db()
    assert comment.status == Status.TRASH
    assert akismet.requests == []


def test_a_failed_spam_report_does_not_stop_the_moderator(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    akismet.mode = "error"
    comment = make_comment(make_article(), status=Status.PENDING)
    stored_payload(comment)
    response = run_action(
        moderator_client, "mark_spam", [comment], capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.SPAM
    assert len(akismet.calls("submit-spam")) >= 1
    [failure] = events(comment, "report-error")
    assert failure.actor == staff["moderator"]
    assert failure.detail.startswith("submit-spam")
    assert events(comment, "report-spam") == []


def test_a_failed_ham_report_does_not_stop_the_moderator(
    moderator_client, akismet, django_capture_on_commit_callbacks
):
    akismet.mode = "error"
    comment = make_comment(make_article(), status=Status.SPAM)
    stored_payload(comment)
    response = run_action(
        moderator_client,
        "mark_not_spam",
        [comment],
        query="status=spam",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    [failure] = events(comment, "report-error")
    assert failure.detail.startswith("submit-ham")


def test_check_for_spam_files_caught_comments_and_keeps_cleared_ones_pending(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    article = make_article()
    spammer = make_comment(article, status=Status.PENDING, author_name="akismet-guaranteed-spam")
    reader = make_comment(article, status=Status.PENDING, author_name="قارئ مهذب")
    approved = make_comment(article, status=Status.APPROVED)

    response = run_action(
        moderator_client,
        "check_for_spam",
        [spammer, reader, approved],
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302

    spammer.refresh_from_db()
    reader.refresh_from_db()
    approved.refresh_from_db()
    assert spammer.status == Status.SPAM
    assert spammer.akismet_result == Verdict.SPAM
    assert len(events(spammer, "recheck-spam")) == 1
    [filed] = events(spammer, "status-spam")
    assert filed.actor == staff["moderator"]

    assert reader.status == Status.PENDING
    assert reader.akismet_result == Verdict.HAM
    assert len(events(reader, "recheck-ham")) == 1
    assert events(reader, "status-spam") == []

    assert approved.status == Status.APPROVED
    assert not approved.events.exists()

    checks = akismet.calls("comment-check")
    assert sorted(fields["comment_author"][0] for fields in checks) == sorted(
        ["akismet-guaranteed-spam", "قارئ مهذب"]
    )
    assert all(fields["recheck_reason"] == ["recheck_queue"] for fields in checks)
    assert akismet.calls("submit-spam") == []


def test_check_for_spam_with_akismet_down_changes_nothing(
    moderator_client, akismet, django_capture_on_commit_callbacks
):
    akismet.mode = "error"
    comment = make_comment(
        make_article(), status=Status.PENDING, author_name="akismet-guaranteed-spam"
    )
    response = run_action(
        moderator_client, "check_for_spam", [comment], capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert comment.akismet_result == Verdict.ERROR
    assert len(events(comment, "recheck-error")) == 1


def test_a_later_decision_replaces_an_unsent_report(moderator_client, akismet):
    comment = make_comment(make_article(), status=Status.PENDING)
    run_action(moderator_client, "mark_spam", [comment])
    run_action(moderator_client, "mark_not_spam", [comment], query="status=spam")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING  # where it was before it went to spam

    call_command("recheck_comments", stdout=io.StringIO())

    assert akismet.calls("submit-spam") == []
    assert len(akismet.calls("submit-ham")) == 1


def test_check_for_spam_stops_at_the_time_budget(moderator_client, akismet, settings):
    settings.AKISMET_REQUEST_BUDGET = 0
    comments = [make_comment(make_article(), status=Status.PENDING) for _ in range(2)]
    response = run_action(moderator_client, "check_for_spam", comments)
    assert response.status_code == 302
    assert akismet.calls("comment-check") == []
