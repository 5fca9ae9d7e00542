"""Readers report comments: the contract, one report per reader, the hold at
COMMENTS_REPORTS_TO_HOLD distinct readers, and the desk's reported queue."""

import pytest
from django.urls import reverse

from comments import actions
from comments.models import Comment, CommentEvent, CommentReport
from newsroom.signals import visible_comments_changed
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

Status = Comment.Status
SITE = "http://testserver"


def report(client, comment, reason="spam", ip="198.51.100.7", **extra):
    return client.post(
        reverse("comments:report", args=[comment.pk]),
        {"reason": reason, **extra},
        HTTP_ORIGIN=SITE,
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT="Reader browser",
    )


@pytest.fixture
def comment():
    return make_comment(make_article(), status=Status.APPROVED, content="تعليق منشور")


def test_a_report_redirects_to_the_comment_and_is_stored(client, comment):
    response = report(client, comment, "offensive", details="كلام مسيء")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    stored = CommentReport.objects.get()
    assert (stored.comment, stored.reason, stored.details) == (comment, "offensive", "كلام مسيء")
    assert stored.resolved_at is None
    comment.refresh_from_db()
    assert (comment.status, comment.open_reports) == (Status.APPROVED, 1)
    assert comment.report_reasons == {"offensive": 1}
    assert comment.events.filter(event=CommentEvent.Event.READER_REPORT).exists()


def test_a_bad_reason_or_long_details_is_a_400(client, comment):
    assert report(client, comment, "boring").status_code == 400
    assert report(client, comment, "other", details="x" * 501).status_code == 400
    assert not CommentReport.objects.exists()


@pytest.mark.parametrize("status", [Status.PENDING, Status.SPAM, Status.TRASH])
def test_a_comment_readers_cannot_see_is_a_404(client, status):
    hidden = make_comment(make_article(), status=status)
    assert report(client, hidden).status_code == 404
    assert client.get(reverse("comments:report", args=[hidden.pk])).status_code == 404


def test_a_cross_site_report_is_refused(client, comment):
    response = client.post(
        reverse("comments:report", args=[comment.pk]),
        {"reason": "spam"},
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert not CommentReport.objects.exists()


def test_one_report_per_reader(client, comment):
    report(client, comment, "spam")
    report(client, comment, "offensive")
    assert CommentReport.objects.count() == 1
    report(client, comment, "offensive", ip="203.0.113.9")  # another reader
    assert CommentReport.objects.count() == 2


def test_the_form_page_works_without_javascript(client, comment):
    response = client.get(reverse("comments:report", args=[comment.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="reason"' in body
    assert 'value="harassment"' in body
    assert "<script" not in body


def test_each_rendered_comment_links_to_its_report_form(client, comment):
    comment.store_html()
    comment.save()
    page = client.get(comment.article.get_absolute_url()).content.decode()
    assert reverse("comments:report", args=[comment.pk]) in page


def test_enough_readers_hold_the_comment_at_once(client, comment, settings):
    settings.COMMENTS_REPORTS_TO_HOLD = 3
    told = []

    def hear(sender, article_ids, **kwargs):
        told.append(set(article_ids))

    visible_comments_changed.connect(hear)
    try:
        report(client, comment, ip="198.51.100.1")
        report(client, comment, ip="198.51.100.2")
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED
        assert told == []
        report(client, comment, "harassment", ip="198.51.100.3")
    finally:
        visible_comments_changed.disconnect(hear)
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert told == [{comment.article_id}]
    assert comment.events.filter(event=CommentEvent.Event.REPORTS_HOLD).exists()
    assert comment.events.filter(event="status-pending").exists()
    assert comment.report_reasons == {"spam": 2, "harassment": 1}


def test_the_report_post_budget(client, comment, django_assert_max_num_queries):
    # The comment; its row lock; the reader's earlier report; the report; the counters; the
    # history; the article for the redirect to the comment's page of the thread.
    with django_assert_max_num_queries(7):
        assert report(client, comment).status_code == 302


def test_the_reported_queue_and_dismissing_reports(client, comment, staff):
    other = make_comment(comment.article, status=Status.APPROVED)
    report(client, comment, "misinformation")
    client.force_login(staff["moderator"])
    url = reverse("admin:comments_comment_changelist") + "?status=reported"
    page = client.get(url).content.decode()
    assert f'data-id="{comment.pk}"' in page
    assert f'data-id="{other.pk}"' not in page
    assert 'value="dismiss_reports"' in page
    assert Comment.objects.desk_counts()["reported"] == 1

    moderator = staff["moderator"]
    assert actions.perform(comment, "dismiss_reports", by=moderator)
    comment.refresh_from_db()
    assert (comment.status, comment.open_reports) == (Status.APPROVED, 0)
    assert CommentReport.objects.get().resolved_by == moderator
    assert not Comment.objects.reported().exists()
    assert not actions.perform(other, "dismiss_reports", by=moderator)  # nothing to dismiss


@pytest.mark.parametrize("key", ["approve", "trash", "spam"])
def test_deciding_on_a_held_comment_resolves_its_reports(client, comment, settings, key, staff):
    settings.COMMENTS_REPORTS_TO_HOLD = 1
    report(client, comment)
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert actions.perform(comment, key, by=staff["moderator"])
    assert CommentReport.objects.filter(resolved_at=None).count() == 0
    assert not Comment.objects.reported().exists()


def test_unapproving_keeps_the_reports_open(client, comment, staff):
    report(client, comment)
    actions.perform(comment, "unapprove", by=staff["moderator"])
    assert Comment.objects.reported().count() == 1


def test_the_desk_row_shows_the_count_and_the_reasons(client, comment, staff):
    report(client, comment, "misinformation", ip="198.51.100.1")
    report(client, comment, "misinformation", ip="198.51.100.2")
    client.force_login(staff["moderator"])
    page = client.get(
        reverse("admin:comments_comment_changelist") + "?status=reported", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "desk-comment__reports" in page
    assert "(2)" in page
