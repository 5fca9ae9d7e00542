"""Readers' personal data: erased after the retention period, exported or erased on request."""

import json
import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

TRACES = {
    "ip": "2001:db8:5::7",
    "user_agent": "Mozilla/5.0 (reader)",
    "referrer": "https://search.example/?q=x",
    "akismet_payload": {"user_ip": "2001:db8:5::7"},
}


def comment_aged(article, days, **fields):
    comment = make_comment(article, **{**TRACES, **fields})
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(days=days))
    comment.refresh_from_db()
    return comment


def purge():
    out = StringIO()
    call_command("purge_spam", stdout=out)
    return out.getvalue()


def test_the_daily_job_erases_ip_and_browser_after_the_retention_period(settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 60
    article = make_article()
    old = comment_aged(article, 61, status=Comment.Status.APPROVED)
    recent = comment_aged(article, 59, status=Comment.Status.APPROVED)
    assert old.ip_block  # derived from the IP when saved

    output = purge()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip, old.ip_block, old.user_agent, old.referrer) == (None, "", "", "")
    assert old.akismet_payload is None
    assert old.content  # the comment itself stays
    assert old.author_email
    assert TRACES["ip"] not in old.search_text  # the desk's search no longer finds the address
    assert TRACES["ip"] in recent.search_text
    assert recent.ip == TRACES["ip"]
    assert recent.user_agent == TRACES["user_agent"]
    assert "of 1 comment(s) older than 60 days" in output
    assert "of 0 comment(s)" in purge()  # idempotent


def test_the_retention_period_is_a_setting(settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 10
    comment = comment_aged(make_article(), 11)
    purge()
    comment.refresh_from_db()
    assert comment.ip is None


@pytest.fixture
def readers_comments():
    article = make_article(title="خبر عن الميزانية")
    mine = [
        comment_aged(article, 1, author_email="Reem@Example.com", author_name="ريم"),
        comment_aged(article, 2, author_email="reem@example.com", author_name="ريم"),
    ]
    other = comment_aged(article, 1, author_email="other@example.com", author_name="سالم")
    reply = make_comment(article, parent=mine[0], depth=2, author_email="other@example.com")
    return mine, other, reply


def test_export_gives_every_comment_and_its_personal_data(readers_comments):
    mine, _other, _reply = readers_comments
    out = StringIO()
    call_command("comment_data", "export", "reem@example.com", stdout=out)
    data = json.loads(out.getvalue())
    assert sorted(c["id"] for c in data["comments"]) == sorted(c.pk for c in mine)
    first = data["comments"][0]
    assert first["author_name"] == "ريم"
    assert first["ip"] == TRACES["ip"]
    assert first["user_agent"] == TRACES["user_agent"]
    assert first["article"] == "خبر عن الميزانية"
    assert "other@example.com" not in out.getvalue()


def test_erase_anonymises_and_logs_without_the_address(readers_comments, caplog):
    mine, other, reply = readers_comments
    out = StringIO()
    with caplog.at_level(logging.INFO, logger="comments.privacy"):
        call_command("comment_data", "erase", "REEM@example.com", stdout=out)
    assert "2 comment(s) anonymised" in out.getvalue()
    for comment in mine:
        comment.refresh_from_db()
        assert comment.author_name == "مجهول"
        assert "reem" not in comment.author_email.lower()
        assert "reem" not in comment.search_text.lower()  # nor does the desk's search find it
        assert (comment.ip, comment.user_agent, comment.referrer, comment.author_url) == (
            None,
            "",
            "",
            "",
        )
    other.refresh_from_db()
    assert other.ip == TRACES["ip"]
    assert other.author_name == "سالم"
    reply.refresh_from_db()
    assert reply.parent_id == mine[0].pk  # the thread holds
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "2 comment(s) anonymised" in logged
    assert "reem" not in logged.lower()
    assert "ريم" not in logged
    export = StringIO()
    call_command("comment_data", "export", "reem@example.com", stdout=export)
    assert json.loads(export.getvalue())["comments"] == []


def test_erase_with_delete_removes_the_comments(readers_comments):
    mine, other, reply = readers_comments
    call_command("comment_data", "erase", "reem@example.com", "--delete", stdout=StringIO())
    assert not Comment.objects.filter(pk__in=[c.pk for c in mine]).exists()
    assert Comment.objects.filter(pk__in=[other.pk, reply.pk]).count() == 2


def test_a_bad_address_is_a_clear_error():
    with pytest.raises(CommandError, match="Not an e-mail address"):
        call_command("comment_data", "export", "not-an-address")
