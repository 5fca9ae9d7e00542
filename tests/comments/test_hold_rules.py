"""Coral's automatic hold rules (docs/comments.md, "Standing, blocks and hold rules"): each off
by default, each holding a comment Akismet cleared, with a history line naming the rule."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment, CommentEvent
from tests.factories import make_article, make_comment, post_comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings, akismet):
    settings.COMMENTS_FLOOD_SECONDS = 0


def returning(article, **fields):
    """An earlier approved comment by the form's author: without a rule, they are approved."""
    return make_comment(
        article, author_name="أبو خالد", author_email="abukhaled@example.com", **fields
    )


def posted(client, article, **fields):
    assert post_comment(client, article, **fields).status_code == 302
    return Comment.objects.latest("pk")


def held_by(comment):
    return comment.events.get(event=CommentEvent.Event.HELD).detail["reason"]


def test_the_rules_are_off_by_default(client, settings):
    assert settings.COMMENTS_HOLD_UNTIL_APPROVED == 0
    assert settings.COMMENTS_HOLD_REJECTED_PERCENT == 0
    assert settings.COMMENTS_HOLD_DOMAINS == []
    article = make_article()
    returning(article)
    for n in range(3):
        returning(article, status="spam", content=f"مزعج {n}")
    assert posted(client, article, email="abukhaled@mailinator.com").status == "pending"
    assert posted(client, article, comment="تعليق جديد").status == "approved"


def test_first_comments_wait_until_n_are_approved(client, settings):
    settings.COMMENTS_HOLD_UNTIL_APPROVED = 2
    article = make_article()
    returning(article)
    comment = posted(client, article)
    assert comment.status == "pending"
    assert held_by(comment) == "hold-new"
    assert comment.events.get(event=CommentEvent.Event.HELD).describe() == (
        "معلِّق جديد لم تُنشر له تعليقات كافية بعد"
    )

    returning(article, content="تعليق ثان منشور")
    assert posted(client, article, comment="تعليق ثالث").status == "approved"


def test_a_commenter_with_many_rejected_comments_is_held(client, settings):
    settings.COMMENTS_HOLD_REJECTED_PERCENT = 50
    article = make_article()
    returning(article)
    returning(article, status="trash", content="محذوف")
    comment = posted(client, article)  # 1 of 2 rejected: 50 %
    assert (comment.status, held_by(comment)) == ("pending", "hold-rejected")

    settings.COMMENTS_HOLD_REJECTED_PERCENT = 60  # 1 of 3 now
    assert posted(client, article, comment="تعليق آخر").status == "approved"


def test_only_the_last_7_days_count(client, settings):
    settings.COMMENTS_HOLD_REJECTED_PERCENT = 50
    article = make_article()
    returning(article)
    old = timezone.now() - timedelta(days=8)
    for n in range(3):
        returning(article, status="spam", content=f"قديم {n}", created_at=old)
    assert posted(client, article).status == "approved"


def test_a_throwaway_domain_is_held(client, settings):
    settings.COMMENTS_HOLD_DOMAINS = ["Mailinator.com"]
    article = make_article()
    make_comment(article, author_name="أبو خالد", author_email="x@MAILINATOR.com")
    returning(article)
    comment = posted(client, article, email="x@mailinator.com")
    assert (comment.status, held_by(comment)) == ("pending", "hold-domain")
    assert posted(client, article, comment="من نطاق آخر").status == "approved"
