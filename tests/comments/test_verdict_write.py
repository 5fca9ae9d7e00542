"""The spam check's verdict is written by one conditional UPDATE (comments.moderation): it only
applies to a comment still pending and unchecked, and, sending no model signals, it tells the
page cache itself when the verdict shows the comment to readers."""

import pytest
from django.test import Client

from comments import actions, spam
from comments.models import Comment
from comments.states import Verdict
from tests.factories import COMMENT_FORM, make_article, make_comment, make_user, post_comment


@pytest.fixture
def fake(akismet, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    return akismet


@pytest.mark.django_db(transaction=True)
def test_a_returning_authors_comment_approved_by_the_verdict_appears_on_the_cached_page(
    fake, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    article = make_article()
    make_comment(article, author_name=COMMENT_FORM["author"], author_email=COMMENT_FORM["email"])
    reader = Client()
    url = article.get_absolute_url()
    reader.get(url)
    assert reader.get(url).headers["X-Page-Cache"] == "hit"

    assert post_comment(Client(), article, comment="عدت لأعلق مرة أخرى").status_code == 302

    assert Comment.objects.get(content="عدت لأعلق مرة أخرى").status == Comment.Status.APPROVED
    page = reader.get(url)
    assert page.headers["X-Page-Cache"] == "miss"
    assert "عدت لأعلق مرة أخرى" in page.content.decode()


@pytest.mark.django_db
def test_a_moderators_decision_during_the_check_is_not_overwritten_by_the_verdict(
    client, fake, monkeypatch
):
    article = make_article()
    moderator = make_user(is_superuser=True)
    original = spam.check

    def moderator_acts_meanwhile(payload, **kwargs):
        waiting = Comment.objects.get(author_email=payload["comment_author_email"])
        assert actions.perform(waiting, "trash", by=moderator)
        return original(payload, **kwargs)

    monkeypatch.setattr(spam, "check", moderator_acts_meanwhile)
    response = post_comment(client, article)

    assert response.status_code == 302
    comment = Comment.objects.get(author_email=COMMENT_FORM["email"])
    assert response.url.endswith(f"#comment-{comment.pk}")
    assert comment.status == Comment.Status.TRASH
    assert comment.akismet_result == Verdict.UNCHECKED
    assert not comment.events.filter(event__startswith="check-").exists()


@pytest.mark.django_db
def test_the_verdict_stores_the_html_and_the_check_in_the_same_write(client, fake):
    assert post_comment(client, make_article()).status_code == 302
    comment = Comment.objects.get(author_email=COMMENT_FORM["email"])
    assert comment.akismet_result == Verdict.HAM
    assert comment.akismet_payload["comment_author_email"] == COMMENT_FORM["email"]
    assert comment.akismet_attempts == 1
    assert COMMENT_FORM["comment"] in comment.html["ar"]
    assert list(comment.events.order_by("pk").values_list("event", flat=True)) == [
        "received",
        "check-ham",
    ]
