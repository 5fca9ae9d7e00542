"""The editorial workflow: states, the review queue, send-back notes, authors, full names."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from tests.factories import make_article, make_category
from tests.html import parse

pytestmark = pytest.mark.django_db


def article_form(category, **changes):
    return {
        "title": "خبر من لوحة التحرير",
        "slug": "خبر-من-لوحة-التحرير",
        "category": category.pk,
        "lead": "موجز",
        "body": "<h2>عنوان فرعي</h2><p>نص الخبر.</p>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "comments_open": "on",
        **changes,
    }


def test_every_state_is_defined_once_on_the_queryset_and_the_model():
    now = timezone.now()
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    review = make_article(status=Article.Status.REVIEW, published_at=None)
    scheduled = make_article(published_at=now + timedelta(hours=2))
    live = make_article(published_at=now - timedelta(hours=2))

    for state, article in [
        (Article.State.DRAFT, draft),
        (Article.State.REVIEW, review),
        (Article.State.SCHEDULED, scheduled),
        (Article.State.PUBLISHED, live),
    ]:
        assert article.state == state
        assert list(Article.objects.in_state(state)) == [article]
    assert list(Article.objects.scheduled()) == [scheduled]
    assert scheduled.get_state_display() == "مجدول"


def test_review_queue_is_oldest_submission_first():
    newer = make_article(status=Article.Status.REVIEW, published_at=None)
    older = make_article(status=Article.Status.REVIEW, published_at=None)
    now = timezone.now()
    Article.objects.filter(pk=newer.pk).update(submitted_at=now - timedelta(minutes=5))
    Article.objects.filter(pk=older.pk).update(submitted_at=now - timedelta(hours=3))

    assert list(Article.objects.in_review()) == [older, newer]


def test_admin_list_shows_scheduled_with_its_time_not_published(client, staff):
    client.force_login(staff["editor"])
    when = timezone.now() + timedelta(days=1)
    make_article(title="خبر مجدول", published_at=when)
    page = parse(client.get(reverse("admin:articles_article_changelist")).content)

    row = next(tr for tr in page.find_all("tr") if "خبر مجدول" in tr.text)
    label = row.find("span", class_="article-state")
    local = timezone.localtime(when)
    assert label.text.startswith("مجدول للنشر في")
    assert f"{local:%H:%M}" in label.text
    assert "منشور" not in row.text
    assert row.find("img", alt="False") is None  # no red ✗ "live" column any more


def test_preview_banner_is_truthful_and_has_no_comment_form(client, staff):
    client.force_login(staff["editor"])
    when = timezone.now() + timedelta(hours=3)
    cases = {
        make_article(status=Article.Status.DRAFT, published_at=None): "مسودة",
        make_article(status=Article.Status.REVIEW, published_at=None): "قيد المراجعة",
        make_article(published_at=when): "مجدول للنشر في",
    }
    for article, words in cases.items():
        page = parse(client.get(article.get_absolute_url()).content)
        banner = page.find("p", class_="notice--preview")
        assert words in banner.find("span", class_="article-state").text
        assert "(منشور)" not in banner.text
        assert page.find("form", id="commentform") is None
        assert page.find("section", id="comments") is None


def test_published_article_still_has_its_comment_form(client):
    page = parse(client.get(make_article().get_absolute_url()).content)
    assert page.find("form", id="commentform") is not None
    assert page.find("p", class_="notice--preview") is None


def test_submitting_for_review_stamps_the_queue_time(client, staff):
    client.force_login(staff["journalist"])
    category = make_category()
    client.post(reverse("admin:articles_article_add"), article_form(category))
    article = Article.objects.get()
    assert article.submitted_at is None

    change = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(change, article_form(category, status="review"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.state == Article.State.REVIEW
    assert article.submitted_at is not None


def test_editor_sends_back_with_a_note_the_journalist_sees(client, staff):
    article = make_article(
        status=Article.Status.REVIEW, published_at=None, author=staff["journalist"]
    )
    client.force_login(staff["editor"])
    url = reverse("admin:articles_article_send_back", args=[article.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "المصدر الثاني غير مذكور، أضفه من فضلك."})
    assert response.status_code == 302

    article.refresh_from_db()
    assert article.state == Article.State.DRAFT
    assert article.editor_note_by == staff["editor"]
    assert article.has_open_note

    client.force_login(staff["journalist"])
    change = parse(client.get(reverse("admin:articles_article_change", args=[article.pk])).content)
    note = change.find("section", class_="editor-note")
    assert "المصدر الثاني غير مذكور" in note.text
    assert "خالد المطيري" in note.text  # the editor, by full name
    listing = parse(client.get(reverse("admin:articles_article_changelist")).content)
    assert "المصدر الثاني غير مذكور" in listing.find("span", class_="article-state__note").text


def test_the_note_is_answered_by_resubmitting(client, staff):
    article = make_article(
        status=Article.Status.REVIEW, published_at=None, author=staff["journalist"]
    )
    workflow.send_back(article, by=staff["editor"], note="أعد صياغة المقدمة")
    assert article.has_open_note

    client.force_login(staff["journalist"])
    change = reverse("admin:articles_article_change", args=[article.pk])
    client.post(change, article_form(article.category, status="review"))

    article.refresh_from_db()
    assert article.state == Article.State.REVIEW
    assert not article.has_open_note
    assert not Article.objects.drafts().exists()
    assert list(Article.objects.in_review()) == [article]


def test_send_back_needs_a_note_and_an_editor(client, staff):
    article = make_article(status=Article.Status.REVIEW, published_at=None)
    url = reverse("admin:articles_article_send_back", args=[article.pk])

    client.force_login(staff["editor"])
    response = client.post(url, {"note": "  "})
    assert response.status_code == 400
    assert "هذا الحقل مطلوب" in response.content.decode()

    for name in ("journalist", "moderator"):
        client.force_login(staff[name])
        assert client.post(url, {"note": "لا"}).status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_review_queue_count_on_the_index_and_the_list(client, staff):
    make_article(status=Article.Status.REVIEW, published_at=None)
    make_article(status=Article.Status.REVIEW, published_at=None)
    make_article(status=Article.Status.DRAFT, published_at=None)

    client.force_login(staff["editor"])
    index = parse(client.get(reverse("admin:index")).content)
    notice = index.find("p", class_="review-queue-notice")
    assert "مقالان" in notice.text or "2" in notice.text
    assert notice.find("a").attrs["href"].endswith("?state=review")
    queue = client.get(reverse("admin:articles_article_changelist") + "?state=review")
    assert queue.context["cl"].result_count == 2

    client.force_login(staff["journalist"])
    index = parse(client.get(reverse("admin:index")).content)
    assert index.find("p", class_="review-queue-notice") is None


def test_review_queue_list_is_oldest_first(client, staff):
    first = make_article(status=Article.Status.REVIEW, published_at=None, title="الأقدم")
    second = make_article(status=Article.Status.REVIEW, published_at=None, title="الأحدث")
    now = timezone.now()
    Article.objects.filter(pk=first.pk).update(submitted_at=now - timedelta(days=1))
    Article.objects.filter(pk=second.pk).update(submitted_at=now)

    client.force_login(staff["editor"])
    response = client.get(reverse("admin:articles_article_changelist") + "?state=review")
    assert list(response.context["cl"].result_list) == [first, second]


def test_journalists_sign_only_as_themselves(client, staff):
    client.force_login(staff["journalist"])
    category = make_category()
    response = client.get(reverse("admin:articles_article_add"))
    assert "author" not in response.context["adminform"].form.fields

    client.post(
        reverse("admin:articles_article_add"),
        article_form(category, author=staff["editor"].pk),
    )
    assert Article.objects.get().author == staff["journalist"]


def test_journalist_cannot_take_over_a_colleagues_byline(client, staff):
    article = make_article(status=Article.Status.DRAFT, published_at=None, author=staff["editor"])
    client.force_login(staff["journalist"])
    change = reverse("admin:articles_article_change", args=[article.pk])
    client.post(change, article_form(article.category, author=staff["journalist"].pk))
    article.refresh_from_db()
    assert article.author == staff["editor"]


def test_editors_choose_any_author_by_full_name(client, staff):
    client.force_login(staff["editor"])
    form = client.get(reverse("admin:articles_article_add")).context["adminform"].form
    labels = [label for _value, label in form.fields["author"].choices]
    assert "ريم الصالح" in labels
    assert "journalist" not in labels

    category = make_category()
    client.post(
        reverse("admin:articles_article_add"),
        article_form(category, author=staff["journalist"].pk),
    )
    assert Article.objects.get().author == staff["journalist"]


def test_staff_are_named_by_full_name_in_the_list_and_the_byline(client, staff):
    article = make_article(author=staff["journalist"])
    client.force_login(staff["editor"])
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "ريم الصالح" in listing
    byline = parse(client.get(article.get_absolute_url()).content).find("span", class_="byline")
    assert "ريم الصالح" in byline.text


def test_moderators_cannot_open_the_review_queue_tools(client, staff):
    article = make_article(status=Article.Status.REVIEW, published_at=None)
    client.force_login(staff["moderator"])
    assert (
        client.get(reverse("admin:articles_article_send_back", args=[article.pk])).status_code
        == 403
    )


def test_change_page_shows_the_scheduled_state_and_time(client, staff):
    when = timezone.now() + timedelta(hours=5)
    article = make_article(published_at=when)
    client.force_login(staff["editor"])
    page = parse(client.get(reverse("admin:articles_article_change", args=[article.pk])).content)
    line = page.find("p", class_="article-state-line")
    assert "مجدول للنشر في" in line.text
    assert f"{timezone.localtime(when):%H:%M}" in line.text


def test_only_editors_recover_deleted_articles(client, staff):
    url = reverse("admin:articles_article_recoverlist")
    client.force_login(staff["journalist"])
    assert client.get(url).status_code == 403
    listing = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert url not in listing
    client.force_login(staff["editor"])
    assert client.get(url).status_code == 200
