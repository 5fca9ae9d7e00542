"""Ownership: a journalist sees, previews, edits and sends to review only their own articles
(and reads the published ones); editors see and edit all. The same rule for the admin's list
and change form, the reader URL's preview, the versions and the workflow."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles import permissions, workflow
from articles.models import Article
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(staff):
    """A second journalist, as an attacker would sign in."""
    user = make_user(username="second", first_name="سلمى", last_name="العلي")
    user.groups.add(Group.objects.get(name="Journalists"))
    staff["second"] = user
    return user


@pytest.fixture
def drafts(staff, second):
    """The editor's draft and the first journalist's draft, in review."""
    return {
        "editor": make_article(
            title="مسودة المحرر", status=Article.Status.DRAFT, published_at=None,
            author=staff["editor"],
        ),
        "journalist": make_article(
            title="مسودة الصحفي", status=Article.Status.REVIEW, published_at=None,
            author=staff["journalist"],
        ),
    }  # fmt: skip


def form(article, **changes):
    return {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "lead": article.lead,
        "body": article.body,
        "status": article.status,
        "published_at_0": "",
        "published_at_1": "",
        "comments_open": "on",
        **changes,
    }


def test_another_journalists_draft_is_a_404_for_its_reader_url(client, staff, drafts):
    client.force_login(staff["second"])
    for article in drafts.values():
        response = client.get(article.get_absolute_url())
        assert response.status_code == 404


def test_authors_and_editors_preview_an_unpublished_article(client, staff, drafts):
    article = drafts["journalist"]
    for user in (staff["journalist"], staff["editor"]):
        client.force_login(user)
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert response.headers["X-Robots-Tag"] == "noindex"


def test_a_scheduled_article_is_not_previewed_by_other_journalists(client, staff, second):
    article = make_article(author=staff["journalist"], published_at=timezone.now() + timedelta(1))
    client.force_login(staff["second"])
    assert client.get(article.get_absolute_url()).status_code == 404


def test_another_journalists_draft_cannot_be_opened_or_overwritten_in_the_admin(
    client, staff, drafts
):
    client.force_login(staff["second"])
    for article in drafts.values():
        change = reverse("admin:articles_article_change", args=[article.pk])
        assert client.get(change).status_code in (403, 404)
        response = client.post(change, form(article, title="عنوان مسروق", status="review"))
        assert response.status_code in (403, 404)
        article.refresh_from_db()
        assert article.title != "عنوان مسروق"
    assert Article.objects.get(pk=drafts["editor"].pk).status == Article.Status.DRAFT


def test_editors_open_every_article(client, staff, drafts):
    client.force_login(staff["editor"])
    for article in drafts.values():
        change = reverse("admin:articles_article_change", args=[article.pk])
        assert client.get(change).status_code == 200


def test_the_journalist_edits_and_sends_their_own_draft_to_review(client, staff, second):
    article = make_article(
        title="خبري", status=Article.Status.DRAFT, published_at=None, author=staff["second"]
    )
    client.force_login(staff["second"])
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert client.get(change).status_code == 200
    response = client.post(change, form(article, title="خبري المعدل", status="review"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status) == ("خبري المعدل", Article.Status.REVIEW)


def test_the_changelist_shows_a_journalist_their_own_and_the_published_articles(
    client, staff, drafts
):
    own = make_article(
        title="مسودتي الخاصة", status=Article.Status.DRAFT, published_at=None,
        author=staff["second"],
    )  # fmt: skip
    live = make_article(title="خبر منشور للجميع", author=staff["editor"])
    client.force_login(staff["second"])
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert own.title in page
    assert live.title in page
    assert "مسودة المحرر" not in page
    assert "مسودة الصحفي" not in page

    client.force_login(staff["editor"])
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "مسودة المحرر" in page
    assert "مسودة الصحفي" in page


def test_history_and_compare_follow_the_same_rule(client, staff, drafts):
    article = drafts["journalist"]
    history = reverse("admin:articles_article_history", args=[article.pk])
    compare = reverse("admin:articles_article_compare", args=[article.pk])
    client.force_login(staff["second"])
    assert client.get(history).status_code in (403, 404)
    assert client.get(compare).status_code in (403, 404)
    client.force_login(staff["journalist"])
    assert client.get(history).status_code == 200


def test_the_rule_in_one_place(staff, drafts):
    second, editor, journalist = staff["second"], staff["editor"], staff["journalist"]
    article = drafts["journalist"]
    assert not permissions.can_edit(second, article)
    assert not permissions.can_view(second, article)
    assert permissions.can_edit(journalist, article)
    assert permissions.can_edit(editor, article)
    assert list(permissions.editable_by(journalist, Article.objects.all())) == [article]
    assert set(permissions.editable_by(editor, Article.objects.all())) == set(drafts.values())
    assert list(permissions.editable_by(second, Article.objects.all())) == []


def test_the_workflow_refuses_to_save_anothers_article(staff, second, drafts):
    article = drafts["journalist"]
    article.status = Article.Status.REVIEW
    with pytest.raises(PermissionDenied):
        workflow.save_edited(
            article, by=second, is_new=False, previous_status="draft", changed_fields=["status"]
        )
    workflow.save_edited(
        article, by=staff["journalist"], is_new=False, previous_status="draft",
        changed_fields=["status"],
    )  # fmt: skip
