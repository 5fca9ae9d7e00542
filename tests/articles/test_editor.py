"""The body editor: what it sends is sanitised on save; embeds become link cards; word counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article, reading_minutes
from tests.factories import make_article, make_category
from tests.html import parse

pytestmark = pytest.mark.django_db

# What django-prose-editor sends for a body with every kind of block, plus what an attacker
# could send instead of it.
EDITOR_HTML = (
    "<h2>عنوان فرعي</h2>"
    "<p>نص <strong>عريض</strong> و<em>مائل</em> و"
    '<a href="https://example.com/a" target="_blank">رابط</a>.</p>'
    "<blockquote><p>اقتباس من المصدر.</p></blockquote>"
    "<ul><li><p>بند أول</p></li><li><p>بند ثان</p></li></ul>"
    "<ol><li><p>أولاً</p></li></ol>"
    '<figure class="figure"><img src="/media/articles/body/x.jpg" alt="وصف الصورة">'
    "<figcaption>تعليق الصورة</figcaption></figure>"
)
HOSTILE_HTML = (
    '<p onclick="steal()">نص<script>alert(1)</script></p>'
    '<p><a href="javascript:alert(1)">رابط خبيث</a></p>'
    '<img src="x" onerror="alert(1)">'
    '<iframe src="https://evil.example"></iframe>'
    '<p style="color:red">ملون</p>'
)


@pytest.fixture
def journalist(staff):
    return staff["journalist"]


def save_body(client, body):
    category = make_category()
    data = {
        "title": "خبر بالمحرر",
        "slug": "خبر-بالمحرر",
        "category": category.pk,
        "lead": "موجز",
        "body": body,
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
    }
    return client.post(reverse("admin:articles_article_add"), data)


def test_body_is_edited_in_the_prose_editor_and_the_inputs_are_wide(client, journalist):
    client.force_login(journalist)
    response = client.get(reverse("admin:articles_article_add"))
    page = parse(response.content)
    body = page.find("textarea", id="id_body")
    assert "data-django-prose-editor-configurable" in body.attrs
    assert "Heading" in body.attrs["data-django-prose-editor-configurable"]
    assert "Figure" in body.attrs["data-django-prose-editor-configurable"]
    for field in (page.find("textarea", id="id_title"), page.find("input", id="id_slug")):
        assert "article-wide" in field.attrs["class"]
        assert field.attrs["dir"] == "auto"
    assert page.find("textarea", id="id_lead") is not None  # the lead stays plain text
    assert "data-django-prose-editor-configurable" not in page.find("textarea", id="id_lead").attrs
    assert page.find("p", id="article-stats").attrs["data-wpm"] == "180"


def test_what_the_editor_sends_keeps_its_structure(client, journalist):
    client.force_login(journalist)
    assert save_body(client, EDITOR_HTML).status_code == 302
    body = parse(Article.objects.get(slug="خبر-بالمحرر").body)
    assert body.find("h2").text == "عنوان فرعي"
    assert body.find("strong")
    assert body.find("em")
    assert body.find("a").attrs["href"] == "https://example.com/a"
    assert body.find("a").attrs["rel"] == "noopener noreferrer"
    assert "target" not in body.find("a").attrs
    assert body.find("blockquote").text == "اقتباس من المصدر."
    assert [li.text for li in body.find("ul").find_all("li")] == ["بند أول", "بند ثان"]
    figure = body.find("figure")
    assert figure.find("img").attrs == {"src": "/media/articles/body/x.jpg", "alt": "وصف الصورة"}
    assert figure.find("figcaption").text == "تعليق الصورة"


def test_scripts_handlers_and_javascript_urls_are_removed_on_save(client, journalist):
    client.force_login(journalist)
    assert save_body(client, EDITOR_HTML + HOSTILE_HTML).status_code == 302
    stored = Article.objects.get(slug="خبر-بالمحرر").body
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe", "style="):
        assert bad not in stored
    assert "رابط خبيث" in stored
    assert "ملون" in stored


def test_a_headline_stays_one_line(client, journalist):
    client.force_login(journalist)
    category = make_category()
    client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "عنوان طويل\r\nعلى سطرين ",
            "slug": "عنوان-طويل",
            "category": category.pk,
            "body": "<p>نص</p>",
            "status": "draft",
        },
    )
    assert Article.objects.get(slug="عنوان-طويل").title == "عنوان طويل على سطرين"


def test_an_empty_editor_is_refused_with_an_arabic_error(client, journalist):
    client.force_login(journalist)
    response = save_body(client, "<p></p>")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"] == ["اكتب نص المقال."]
    assert not Article.objects.filter(slug="خبر-بالمحرر").exists()


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://www.youtube.com/watch?v=abc123", "شاهد الفيديو على YouTube"),
        ("https://youtu.be/abc123", "شاهد الفيديو على YouTube"),
        ("https://x.com/kuna/status/123", "اقرأ المنشور على X"),
        ("https://twitter.com/kuna/status/123", "اقرأ المنشور على X"),
    ],
)
def test_a_lone_service_link_is_shown_as_a_safe_link_card(client, url, label):
    for body in (f'<p><a href="{url}">{url}</a></p>', f"<p>{url}</p>"):
        article = make_article(body="<p>قبل.</p>" + body)
        response = client.get(article.get_absolute_url())
        story = parse(response.content).find("div", class_="story__body")
        card = story.find("figure", class_="embed-card")
        assert card is not None, body
        link = card.find("a")
        assert link.attrs["href"] == url
        assert "noopener" in link.attrs["rel"]
        assert label in card.text
        assert story.find("iframe") is None
        assert story.find("script") is None


def test_links_inside_text_and_unknown_sites_stay_plain_links(client):
    article = make_article(
        body='<p>راجع <a href="https://youtu.be/x">الفيديو</a> هنا.</p>'
        '<p><a href="https://example.com/page">https://example.com/page</a></p>'
    )
    story = parse(client.get(article.get_absolute_url()).content).find("div", class_="story__body")
    assert story.find("figure", class_="embed-card") is None
    assert len(story.find_all("a")) == 2


def test_card_urls_are_escaped():
    article = make_article(body='<p>https://x.com/a"><script>alert(1)</script></p>')
    assert "<script" not in article.body_html


def test_word_count_and_reading_time_on_the_article_page(client):
    words = " ".join(["كلمة"] * 400)
    article = make_article(body=f"<h2>عنوان</h2><p>{words}</p>")
    assert article.word_count == 401
    assert article.reading_minutes == 3
    page = parse(client.get(article.get_absolute_url()).content)
    stats = page.find("p", class_="story__stats")
    assert "3 دقائق قراءة" in stats.find("span", class_="reading-time").text
    assert "401 كلمة" in stats.find("span", class_="word-count").text


def test_reading_minutes_rounds_up_and_is_zero_only_for_nothing():
    assert reading_minutes(0) == 0
    assert reading_minutes(1) == 1
    assert reading_minutes(180) == 1
    assert reading_minutes(181) == 2


def test_body_image_picker_stores_the_image_and_answers_the_editor(client, journalist, settings):
    client.force_login(journalist)
    url = reverse("admin:articles_article_body_image") + "?CKEditorFuncNum=-1"
    assert client.get(url).status_code == 200
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 20, 30)).save(buffer, "JPEG")
    upload = SimpleUploadedFile("صورة.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = client.post(url, {"image": upload, "alt": "وصف", "caption": "تعليق"})
    assert response.status_code == 200
    chosen = response.context["chosen"]
    assert chosen["callback"] == "-1"
    assert chosen["alternative_text"] == "وصف"
    assert chosen["url"].startswith("/media/articles/body/")
    stored = list((settings.MEDIA_ROOT / "articles" / "body").rglob("*"))
    assert [path.suffix for path in stored if path.is_file()] == [".webp"]


def test_body_image_picker_scales_a_wide_photo_down_once_for_the_text_column(
    client, journalist, settings
):
    client.force_login(journalist)
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), (10, 20, 30)).save(buffer, "JPEG")
    upload = SimpleUploadedFile("camera.jpg", buffer.getvalue(), content_type="image/jpeg")

    response = client.post(
        reverse("admin:articles_article_body_image"), {"image": upload, "alt": "الميناء"}
    )

    assert response.status_code == 200
    (stored,) = [p for p in (settings.MEDIA_ROOT / "articles" / "body").rglob("*") if p.is_file()]
    with Image.open(stored) as image:
        assert (image.format, image.size) == ("WEBP", (1600, 1200))


def test_body_image_picker_refuses_a_non_image_in_arabic(client, journalist, settings):
    client.force_login(journalist)
    url = reverse("admin:articles_article_body_image")
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(url, {"image": fake, "alt": "وصف"})
    assert response.status_code == 400
    assert "هذا الملف ليس صورة." in response.content.decode()
    assert not (settings.MEDIA_ROOT / "articles" / "body").exists()


def test_body_image_picker_needs_a_description_and_a_writer(client, journalist, django_user_model):
    client.force_login(journalist)
    url = reverse("admin:articles_article_body_image")
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    upload = SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")
    assert client.post(url, {"image": upload, "alt": ""}).status_code == 400

    client.force_login(django_user_model.objects.get(username="moderator"))
    assert client.get(url).status_code == 403
