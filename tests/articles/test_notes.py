"""Editors' notes: a staff-only thread on each article, beside its change form.

Whoever may work on the article (its authors, the editors) reads, adds and resolves notes;
another journalist gets 404, a moderator 403. Adding one e-mails the article's other authors
through the task worker, on commit. A note never saves its article and never reaches readers.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult
from reversion.models import Version

from articles.models import Article, ArticleAuthor, ArticleNote, author_url
from articles.notes import MAX_CHARS, clean_text
from newsroom.signals import articles_changed
from tests.conftest import run_worker
from tests.factories import make_article, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

SECRET = "ملاحظة-سرية-للمحررين-فقط"


@pytest.fixture
def second(staff):
    """A second journalist, who is not an author of the journalist's article."""
    user = make_user(username="second", first_name="سلمى", last_name="العلي")
    user.groups.add(Group.objects.get(name="Journalists"))
    return user


@pytest.fixture
def draft(staff):
    return make_article(
        title="مسودة الصحفي",
        status=Article.Status.DRAFT,
        published_at=None,
        author=staff["journalist"],
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_url(article):
    return reverse("admin:articles_article_add_note", args=[article.pk])


def resolve_url(note):
    return reverse("admin:articles_article_resolve_note", args=[note.article_id, note.pk])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def add(client, article, text):
    return client.post(add_url(article), {"note-text": text})


def note_on(article, author, text=SECRET, **fields):
    return ArticleNote.objects.create(article=article, author=author, text=text, **fields)


# The model and its text.


def test_a_note_is_plain_cleaned_text():
    assert clean_text("  سطر\r\nثانٍ\x00\x1b[31m\n\n\n\nبعد  ") == "سطر\nثانٍ[31m\n\nبعد"
    assert clean_text("\u200fمرحبا\u2028") == "\u200fمرحبا"  # bidi marks stay


def test_an_editor_adds_a_note_without_touching_the_article(staff, draft):
    versions = Version.objects.get_for_object(draft).count()
    heard = []

    def listener(sender, article_ids, **kwargs):
        heard.append(article_ids)

    articles_changed.connect(listener)
    try:
        response = add(client_for(staff["editor"]), draft, "  راجعي الفقرة الثانية\r\nوالعنوان ")
    finally:
        articles_changed.disconnect(listener)

    assert response.status_code == 302
    assert response["Location"] == change_url(draft) + "#article-notes"
    note = ArticleNote.objects.get()
    assert (note.article, note.author, note.text) == (
        draft,
        staff["editor"],
        "راجعي الفقرة الثانية\nوالعنوان",
    )
    assert note.resolved_at is None
    assert note.resolved_by is None
    saved = Article.objects.get(pk=draft.pk)
    assert (saved.version, saved.updated_at) == (draft.version, draft.updated_at)
    assert Version.objects.get_for_object(draft).count() == versions  # no version
    assert heard == []  # no page-cache change: readers' pages are not concerned


def test_the_panel_sits_beside_the_form_not_inside_it(staff, draft):
    note_on(draft, staff["editor"], "الملاحظة الأولى")
    note_on(draft, staff["editor"], "الملاحظة الثانية")
    note_on(
        draft, staff["editor"], "ملاحظة قديمة", resolved_by=staff["journalist"],
        resolved_at=timezone.now(),
    )  # fmt: skip
    response = client_for(staff["journalist"]).get(change_url(draft))
    assert response.status_code == 200
    page = parse(response.content)
    panel = page.find("details", id="article-notes")
    assert panel is not None
    assert "open" in panel.attrs
    assert page.find("form", id="article_form").find(id="article-notes") is None  # not inside
    assert "ملاحظتان مفتوحتان" in panel.find(class_="article-notes__count").text
    open_notes = [
        li for li in panel.find_all("li", class_="article-note")
        if "article-note--resolved" not in li.attrs["class"]
    ]  # fmt: skip
    assert [li.find(class_="article-note__text").text for li in open_notes] == [
        "الملاحظة الأولى",
        "الملاحظة الثانية",
    ]
    assert "خالد المطيري" in open_notes[0].text  # the writer, by full name
    resolved = panel.find("details", class_="article-notes__resolved")
    assert resolved is not None
    assert "open" not in resolved.attrs  # collapsed
    assert "ملاحظة مغلقة واحدة" in resolved.find("summary").text
    assert "أغلقها ريم الصالح" in resolved.text
    forms = panel.find_all("form")
    assert all(form.attrs["method"] == "post" for form in forms)
    assert all(form.find("input", name="csrfmiddlewaretoken") for form in forms)
    assert len(panel.find_all("form", class_="article-note__resolve")) == 2  # one per open note
    assert panel.find("form", class_="article-notes__add").find("textarea", name="note-text")


def test_the_notes_text_is_escaped(staff, draft):
    note_on(draft, staff["editor"], "<script>alert(1)</script><b>x</b>")
    response = client_for(staff["journalist"]).get(change_url(draft))
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;alert(1)" in response.content


def test_the_journalist_author_resolves_a_note(staff, draft):
    note = note_on(draft, staff["editor"])
    client = client_for(staff["journalist"])

    response = client.post(resolve_url(note))

    assert response.status_code == 302
    assert response["Location"] == change_url(draft) + "#article-notes"
    note.refresh_from_db()
    assert note.resolved_by == staff["journalist"]
    assert note.resolved_at is not None
    assert Article.objects.get(pk=draft.pk).version == draft.version

    resolved_at = note.resolved_at
    again = client.post(resolve_url(note), follow=True)  # a second click changes nothing
    note.refresh_from_db()
    assert note.resolved_at == resolved_at
    assert "كانت هذه الملاحظة مغلقة من قبل" in again.content.decode()


def test_a_co_author_works_with_notes_too(staff, draft, second):
    ArticleAuthor.objects.create(article=draft, user=second, position=1)
    client = client_for(second)
    assert add(client, draft, "ملاحظة من الكاتب المشارك").status_code == 302
    assert client.post(resolve_url(ArticleNote.objects.get())).status_code == 302


def test_notes_follow_the_read_only_view_back(staff, draft):
    note = note_on(draft, staff["editor"])
    client = client_for(staff["journalist"])
    response = client.post(resolve_url(note), {"readonly": "1"})
    assert response["Location"] == change_url(draft) + "?readonly=1#article-notes"


# Who may.


def test_another_journalist_gets_404_for_the_notes_of_someones_draft(staff, draft, second):
    note = note_on(draft, staff["editor"])
    client = client_for(second)
    assert client.get(add_url(draft)).status_code == 404
    assert add(client, draft, "تطفل").status_code == 404
    assert client.post(resolve_url(note)).status_code == 404
    note.refresh_from_db()
    assert note.resolved_at is None
    assert ArticleNote.objects.count() == 1


def test_on_a_published_article_another_journalist_is_refused_and_sees_no_panel(staff, second):
    article = make_article(author=staff["journalist"])
    note = note_on(article, staff["editor"])
    client = client_for(second)
    response = client.get(change_url(article))  # they may read a published article
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert b"article-notes" not in response.content
    assert add(client, article, "تطفل").status_code == 403
    assert client.post(resolve_url(note)).status_code == 403


def test_the_author_of_a_published_article_still_reads_and_answers_its_notes(staff):
    article = make_article(author=staff["journalist"])
    note_on(article, staff["editor"])
    client = client_for(staff["journalist"])
    assert SECRET in client.get(change_url(article)).content.decode()
    assert add(client, article, "صحّحت الخطأ").status_code == 302


def test_a_moderator_has_no_notes(staff, draft):
    published = make_article(author=staff["journalist"])
    client = client_for(staff["moderator"])
    assert add(client, published, "ملاحظة").status_code == 403
    assert add(client, draft, "ملاحظة").status_code == 404  # a draft they cannot see at all
    assert not ArticleNote.objects.exists()


def test_a_note_for_another_article_is_a_404(staff, draft):
    other = make_article(status=Article.Status.DRAFT, published_at=None, author=staff["editor"])
    note = note_on(other, staff["editor"])
    url = reverse("admin:articles_article_resolve_note", args=[draft.pk, note.pk])
    assert client_for(staff["journalist"]).post(url).status_code == 404


def test_resolving_takes_a_post_and_the_csrf_token(staff, draft):
    note = note_on(draft, staff["editor"])
    assert client_for(staff["journalist"]).get(resolve_url(note)).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff["journalist"])
    assert strict.post(resolve_url(note)).status_code == 403
    assert strict.post(add_url(draft), {"note-text": "بلا رمز"}).status_code == 403
    note.refresh_from_db()
    assert note.resolved_at is None
    assert ArticleNote.objects.count() == 1


# Bad input: a clear Arabic error, status 400, the text kept.


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("   \r\n ", "اكتب نص الملاحظة أولاً."),
        ("\x00\x01", "اكتب نص الملاحظة أولاً."),
        ("ب" * (MAX_CHARS + 1), f"طولها {MAX_CHARS + 1} من الأحرف، والحدّ {MAX_CHARS}"),
    ],
)
def test_an_empty_or_too_long_note_is_refused_in_arabic(staff, draft, text, error):
    client = client_for(staff["editor"])
    response = client.post(add_url(draft), {"note-text": text}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ArticleNote.objects.exists()


def test_a_nul_byte_is_dropped_not_a_500(staff, draft):
    response = add(client_for(staff["editor"]), draft, "نص\x00 سليم")
    assert response.status_code == 302
    assert ArticleNote.objects.get().text == "نص سليم"


# The e-mail: the task, on commit, through the real queue.


@pytest.mark.django_db(transaction=True)  # the worker runs outside any test transaction
def test_adding_a_note_emails_the_other_authors_through_the_worker(task_queue, settings):
    from tests.factories import make_staff

    staff = make_staff()
    coauthor = make_user(username="coauthor", email="co@example.com", groups=["Journalists"])
    draft = make_article(
        title='مسودة الصحفي عن "الأرقام" & المصادر',
        status=Article.Status.DRAFT,
        published_at=None,
        author=staff["journalist"],
    )
    ArticleAuthor.objects.create(article=draft, user=coauthor, position=1)
    settings.SITE_URL = "https://news.example.com"
    client = client_for(staff["editor"])

    assert add(client, draft, "راجعي الأرقام في الفقرة الثالثة").status_code == 302

    (queued,) = DBTaskResult.objects.ready()
    assert queued.task_path == "articles.tasks.notify_note_authors"
    assert mail.outbox == []  # the request sent nothing itself

    run_worker()

    assert sorted(message.to[0] for message in mail.outbox) == [
        "co@example.com",
        "journalist@example.com",
    ]  # not the editor who wrote it
    message = mail.outbox[0]
    title = 'مسودة الصحفي عن "الأرقام" & المصادر'  # plain text: nothing escaped
    assert message.subject == f"[غرفة الأخبار] ملاحظة على «{title}»"
    assert f"ترك خالد المطيري ملاحظة على مقالك «{title}»:" in message.body
    assert "راجعي الأرقام في الفقرة الثالثة" in message.body
    assert f"https://news.example.com{change_url(draft)}#article-notes" in message.body


def test_the_task_is_queued_only_once_the_note_committed(
    staff, draft, task_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        assert add(client_for(staff["editor"]), draft, "ملاحظة").status_code == 302
        assert not DBTaskResult.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "articles.tasks.notify_note_authors"
    assert queued.args_kwargs["args"] == [ArticleNote.objects.get().pk]


@pytest.mark.django_db(transaction=True)
def test_an_author_writing_on_their_own_article_emails_nobody_else(task_queue):
    from tests.factories import make_staff

    staff = make_staff()
    draft = make_article(status=Article.Status.DRAFT, published_at=None, author=staff["journalist"])
    add(client_for(staff["journalist"]), draft, "تذكير لنفسي")
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert mail.outbox == []


# Never for readers.


def test_notes_never_reach_readers(client, staff, settings):
    published = make_article(
        title="خبر منشور عن الحديقة", author=staff["journalist"], lead="حديقة جديدة"
    )
    draft = make_article(
        title="مسودة عن الحديقة", status=Article.Status.DRAFT, published_at=None,
        author=staff["journalist"],
    )  # fmt: skip
    for article in (published, draft):
        note_on(article, staff["editor"])
        note_on(article, staff["editor"], text=f"{SECRET} مغلقة", resolved_at=timezone.now())
    author_page = author_url(staff["journalist"])
    pages = [
        reverse("articles:home"),
        published.get_absolute_url(),
        published.category.get_absolute_url(),
        author_page,
        reverse("articles:feed"),
        reverse("articles:feed-atom"),
        reverse("articles:category-feed", args=[published.category.slug]),
        reverse("sitemap"),
        reverse("news-sitemap"),
        reverse("sitemap-section", args=["articles"]),
        reverse("articles:search") + "?q=حديقة",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert SECRET not in response.content.decode(), url
    # Nor in the preview its author opens on the site (the page and its JSON-LD).
    preview = client_for(staff["journalist"]).get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert SECRET not in preview.content.decode()
    search = client.get(reverse("articles:search"), {"q": "للمحررين"})  # a word of the notes only
    assert "خبر منشور عن الحديقة" not in search.content.decode()


def test_notes_have_no_admin_list_of_their_own():
    """Only the article's panel shows notes (with its ownership rule): no generic admin list
    or change page would let a journalist read every article's notes."""
    from django.contrib import admin

    assert ArticleNote not in admin.site._registry


def test_deleting_the_article_deletes_its_notes(staff, draft):
    note_on(draft, staff["editor"])
    draft.delete()
    assert not ArticleNote.objects.exists()


# Arabic counts.


def test_the_open_notes_count_has_six_arabic_forms():
    with translation.override("ar"):
        said = [
            ngettext("%(counter)s open note", "%(counter)s open notes", n) % {"counter": n}
            for n in (0, 1, 2, 3, 11, 100)
        ]
    assert said == [
        "لا ملاحظات مفتوحة",
        "ملاحظة مفتوحة واحدة",
        "ملاحظتان مفتوحتان",
        "3 ملاحظات مفتوحة",
        "11 ملاحظة مفتوحة",
        "100 ملاحظة مفتوحة",
    ]


def test_a_note_is_shown_with_its_time(staff, draft):
    note = note_on(draft, staff["editor"])
    ArticleNote.objects.filter(pk=note.pk).update(created_at=timezone.now() - timedelta(days=2))
    page = parse(client_for(staff["editor"]).get(change_url(draft)).content)
    assert page.find(id=f"note-{note.pk}").find("time").attrs["datetime"]
