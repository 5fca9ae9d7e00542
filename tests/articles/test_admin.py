import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def article_form(category, **changes):
    return {
        "title": "خبر من لوحة التحرير",
        "slug": "خبر-من-لوحة-التحرير",
        "category": category.pk,
        "lead": "موجز",
        "body": '<p>نص <script>alert(1)</script><a href="https://example.com">رابط</a></p>',
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "comments_open": "on",
        **changes,
    }


def test_journalist_writes_a_draft_and_sends_it_to_review(client, staff):
    client.force_login(staff["journalist"])
    category = make_category()
    response = client.post(reverse("admin:articles_article_add"), article_form(category))
    assert response.status_code == 302
    article = Article.objects.get(slug="خبر-من-لوحة-التحرير")
    assert article.author == staff["journalist"]
    assert "<script" not in article.body
    assert 'href="https://example.com"' in article.body

    change = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(change, article_form(category, status="review"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_journalist_cannot_publish(client, staff):
    client.force_login(staff["journalist"])
    category = make_category()
    response = client.post(
        reverse("admin:articles_article_add"), article_form(category, status="published")
    )
    assert response.status_code == 200  # the form comes back with an error
    assert not Article.objects.filter(slug="خبر-من-لوحة-التحرير").exists()
    form = response.context["adminform"].form
    assert "status" in form.errors
    assert "published" not in [value for value, _label in form.fields["status"].choices]


def test_editor_publishes_and_the_time_defaults_to_now(client, staff):
    client.force_login(staff["editor"])
    category = make_category()
    response = client.post(
        reverse("admin:articles_article_add"), article_form(category, status="published")
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="خبر-من-لوحة-التحرير")
    assert article.is_published
    assert client.get(article.get_absolute_url()).status_code == 200


def test_editor_publishes_from_the_list(client, staff):
    client.force_login(staff["editor"])
    draft = make_article(status=Article.Status.REVIEW, published_at=None)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_moderators_cannot_edit_articles(client, staff):
    client.force_login(staff["moderator"])
    article = make_article()
    change = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(change, article_form(article.category, title="عنوان آخر"))
    assert response.status_code == 403


def test_admin_is_in_arabic_right_to_left(client, staff):
    client.force_login(staff["editor"])
    response = client.get(reverse("admin:index"))
    assert 'dir="rtl"' in response.content.decode()
    assert Group.objects.filter(name="Editors").exists()


def test_journalists_can_read_but_not_change_published_articles(client, staff):
    client.force_login(staff["journalist"])
    article = make_article(title="خبر منشور")
    change = reverse("admin:articles_article_change", args=[article.pk])

    assert client.get(change).status_code == 200  # read-only view
    response = client.post(change, article_form(article.category, title="عنوان معدّل"))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "خبر منشور"


def test_journalists_cannot_unpublish(client, staff):
    client.force_login(staff["journalist"])
    article = make_article()
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "return_to_draft", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.is_published
    assert response.status_code == 200  # "no action selected": the action is not offered


def test_editors_return_articles_to_draft(client, staff):
    client.force_login(staff["editor"])
    article = make_article()
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "return_to_draft", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


@pytest.mark.parametrize(
    "typed",
    ["الحكومه", "الحكومة", "حكومة", "الحُكومة", "الحكـــومة", "اجتماع الحكومه الأسبوعي"],
)
def test_the_desk_search_folds_arabic_spelling_as_the_readers_search_does(client, typed):
    editor = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(editor)
    wanted = make_article(title="اجتماع الحكومة الاسبوعي", status=Article.Status.DRAFT)
    make_article(title="مباراة في الدوري")

    response = client.get(reverse("admin:articles_article_changelist"), {"q": typed})

    assert response.status_code == 200
    assert [article.pk for article in response.context["cl"].result_list] == [wanted.pk]
