"""Article images: upload checks, renditions made once in the background, <picture> markup."""

import os
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from articles.models import Article, ImageRendition
from articles.tasks import make_renditions
from tests.factories import make_article, make_category, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

EDITOR_PERMISSIONS = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.publish_article",
]


def image_bytes(width, height, fmt="JPEG", mode="RGB"):
    buffer = BytesIO()
    Image.new(mode, (width, height), "#1f4e79" if mode == "RGB" else 0).save(buffer, fmt)
    return buffer.getvalue()


def article_with_image(width=1700, height=956, **fields):
    article = make_article(image_alt="صورة توضيحية", **fields)
    article.image.save("photo.jpg", ContentFile(image_bytes(width, height)), save=True)
    return article


def media_files(settings):
    return sorted(
        os.path.join(root, name)
        for root, _dirs, names in os.walk(settings.MEDIA_ROOT)
        for name in names
    )


def admin_form(category, **changes):
    return {
        "title": "خبر مصور",
        "slug": "خبر-مصور",
        "category": category.pk,
        "lead": "",
        "body": "<p>نص</p>",
        "image_alt": "مبنى البلدية من الخارج",
        "image_caption": "",
        "image_credit": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "comments_open": "on",
        "breaking_hours": "",
        **changes,
    }


def test_renditions_at_each_width_in_webp_and_jpeg_never_upscaled():
    article = article_with_image(1700, 956)

    assert make_renditions.call(article.pk, article.image.name) == 8

    renditions = article.renditions.order_by("format", "width")
    assert [(r.format, r.width) for r in renditions] == [
        ("jpeg", 400),
        ("jpeg", 800),
        ("jpeg", 1200),
        ("jpeg", 1600),
        ("webp", 400),
        ("webp", 800),
        ("webp", 1200),
        ("webp", 1600),
    ]
    storage = article.image.storage
    for rendition in renditions:
        with storage.open(rendition.file) as stored, Image.open(stored) as image:
            assert image.format == {"jpeg": "JPEG", "webp": "WEBP"}[rendition.format]
            assert image.size == (rendition.width, rendition.height)
            assert rendition.height == round(rendition.width * 956 / 1700)


def test_a_small_original_is_offered_at_its_own_width_not_enlarged():
    article = article_with_image(600, 400)
    make_renditions.call(article.pk, article.image.name)
    assert sorted(set(article.renditions.values_list("width", flat=True))) == [400, 600]


def test_renditions_are_made_once_and_reused(settings):
    article = article_with_image()
    make_renditions.call(article.pk, article.image.name)
    files = {path: os.stat(path).st_mtime_ns for path in media_files(settings)}
    rows = list(article.renditions.values_list("pk", "file"))

    assert make_renditions.call(article.pk, article.image.name) == 0

    assert {path: os.stat(path).st_mtime_ns for path in media_files(settings)} == files
    assert list(article.renditions.values_list("pk", "file")) == rows


def test_a_task_for_a_replaced_image_does_nothing_and_old_renditions_go():
    article = article_with_image()
    old_name = article.image.name
    make_renditions.call(article.pk, old_name)
    article.image.save("other.jpg", ContentFile(image_bytes(900, 600)), save=True)

    assert make_renditions.call(article.pk, old_name) == 0
    make_renditions.call(article.pk, article.image.name)

    assert set(article.renditions.values_list("source", flat=True)) == {article.image.name}


def test_the_admin_queues_renditions_on_commit_and_the_page_shows_the_original_meanwhile(
    client, django_capture_on_commit_callbacks
):
    client.force_login(make_user(permissions=EDITOR_PERMISSIONS))
    upload = SimpleUploadedFile("city.jpg", image_bytes(1300, 731), content_type="image/jpeg")
    form = admin_form(make_category(), status="published", image=upload)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("admin:articles_article_add"), form)
    assert response.status_code == 302
    article = Article.objects.get(slug="خبر-مصور")
    assert (article.image_width, article.image_height) == (1300, 731)
    assert not article.renditions.exists()  # nothing is made inside the request

    figure = parse(client.get(article.get_absolute_url()).content).find("figure")
    assert figure.find("picture") is None
    img = figure.find("img")
    assert img.attrs["src"] == article.image.url
    assert (img.attrs["width"], img.attrs["height"]) == ("1300", "731")

    for callback in callbacks:  # the commit: the (immediate) task backend runs the task
        callback()
    assert sorted(set(article.renditions.values_list("width", flat=True))) == [400, 800, 1200, 1300]
    assert parse(client.get(article.get_absolute_url()).content).find("picture") is not None


def test_the_lead_image_is_a_picture_loaded_first_and_related_ones_lazily(client):
    article = article_with_image()
    related = article_with_image(category=article.category)
    article.see_also.add(related)
    for item in (article, related):
        make_renditions.call(item.pk, item.image.name)

    page = parse(client.get(article.get_absolute_url()).content)

    lead = page.find("figure", class_="story__figure")
    source = lead.find("source")
    assert source.attrs["type"] == "image/webp"
    assert [c.split()[-1] for c in source.attrs["srcset"].split(", ")] == [
        "400w",
        "800w",
        "1200w",
        "1600w",
    ]
    assert all(url.split()[0].endswith(".webp") for url in source.attrs["srcset"].split(", "))
    assert source.attrs["sizes"]
    img = lead.find("img")
    assert all(url.split()[0].endswith(".jpg") for url in img.attrs["srcset"].split(", "))
    assert img.attrs["sizes"] == source.attrs["sizes"]
    assert img.attrs["fetchpriority"] == "high"
    assert "loading" not in img.attrs
    assert img.attrs["alt"] == "صورة توضيحية"
    assert int(img.attrs["height"]) == round(int(img.attrs["width"]) * 956 / 1700)

    see_also = page.find("aside", class_="see-also").find("img")
    assert see_also.attrs["loading"] == "lazy"
    assert "fetchpriority" not in see_also.attrs
    for every in page.find_all("img"):
        assert every.attrs["width"]
        assert every.attrs["height"]


def test_lists_load_the_front_page_lead_first_and_the_rest_lazily(
    client, django_assert_max_num_queries
):
    for _ in range(4):
        item = article_with_image()
        make_renditions.call(item.pk, item.image.name)

    with django_assert_max_num_queries(20):  # renditions are prefetched, not one query each
        page = parse(client.get("/").content)

    lead = page.find("div", class_="front__lead").find("img")
    assert lead.attrs["fetchpriority"] == "high"
    grid_images = [
        img for block in page.find_all("section", class_="block") for img in block.find_all("img")
    ]
    assert grid_images
    assert all(img.attrs["loading"] == "lazy" for img in grid_images)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.jpg", lambda: b"not an image at all", "هذا الملف ليس صورة."),
        ("anim.gif", lambda: image_bytes(20, 20, "GIF", "P"), "يرجى رفع صورة بصيغة JPEG أو PNG"),
        # Above Pillow's MAX_IMAGE_PIXELS it only warns; above twice that it raises. Both refused.
        ("bomb.png", lambda: image_bytes(9500, 9500, "PNG", "1"), "عدد نقاط هذه الصورة أكبر"),
        ("huge.png", lambda: image_bytes(14000, 14000, "PNG", "1"), "عدد نقاط هذه الصورة أكبر"),
    ],
)
def test_a_broken_upload_is_refused_in_arabic_and_nothing_is_stored(
    client, settings, name, content, message
):
    client.force_login(make_user(permissions=EDITOR_PERMISSIONS))
    upload = SimpleUploadedFile(name, content())

    response = client.post(
        reverse("admin:articles_article_add"), admin_form(make_category(), image=upload)
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["image"]
    assert any(message in error for error in errors), errors
    assert not Article.objects.exists()
    assert media_files(settings) == []


def test_a_file_over_the_size_limit_is_refused(client, settings):
    settings.IMAGE_MAX_BYTES = 50_000
    client.force_login(make_user(permissions=EDITOR_PERMISSIONS))
    upload = SimpleUploadedFile("big.png", os.urandom(60_000))

    response = client.post(
        reverse("admin:articles_article_add"), admin_form(make_category(), image=upload)
    )

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["image"]
    assert "الحد الأقصى" in error
    assert not Article.objects.exists()
    assert media_files(settings) == []


def test_an_image_needs_a_description(client, settings):
    client.force_login(make_user(permissions=EDITOR_PERMISSIONS))
    upload = SimpleUploadedFile("city.jpg", image_bytes(500, 300))

    response = client.post(
        reverse("admin:articles_article_add"),
        admin_form(make_category(), image=upload, image_alt="  "),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image_alt"] == [
        "صِف الصورة لمن لا يستطيع رؤيتها."
    ]
    assert not Article.objects.exists()
    assert media_files(settings) == []


def test_caption_and_credit_appear_under_the_image(client):
    article = article_with_image(
        image_caption="مواقف الحافلات في حولي", image_credit="وكالة الأنباء"
    )
    caption = parse(client.get(article.get_absolute_url()).content).find("figcaption")
    assert "مواقف الحافلات في حولي" in caption.text
    assert "وكالة الأنباء" in caption.find("span", class_="credit").text


def test_removing_the_image_forgets_its_renditions(client):
    article = article_with_image(status=Article.Status.DRAFT)
    make_renditions.call(article.pk, article.image.name)
    client.force_login(make_user(permissions=EDITOR_PERMISSIONS))
    change = reverse("admin:articles_article_change", args=[article.pk])
    form = admin_form(article.category, title=article.title, slug=article.slug)

    response = client.post(change, {**form, "image-clear": "on"})

    assert response.status_code == 302
    assert not ImageRendition.objects.filter(article=article).exists()


def test_the_admin_form_has_every_image_field(client):
    client.force_login(make_user(permissions=EDITOR_PERMISSIONS))
    form = client.get(reverse("admin:articles_article_add")).content.decode()
    for name in ("image", "image_alt", "image_caption", "image_credit"):
        assert f'name="{name}"' in form


def test_a_transparent_png_gets_a_jpeg_fallback_without_transparency():
    article = make_article(image_alt="شعار")
    buffer = BytesIO()
    Image.new("RGBA", (900, 300), (20, 80, 160, 90)).save(buffer, "PNG")
    article.image.save("logo.png", ContentFile(buffer.getvalue()), save=True)

    make_renditions.call(article.pk, article.image.name)

    storage = article.image.storage
    modes = {}
    for rendition in article.renditions.all():
        with storage.open(rendition.file) as stored, Image.open(stored) as image:
            modes[(rendition.format, rendition.width)] = image.mode
    assert modes[("jpeg", 400)] == "RGB"
    assert modes[("jpeg", 900)] == "RGB"
    assert set(modes) == {(fmt, w) for fmt in ("jpeg", "webp") for w in (400, 800, 900)}


def test_our_images_in_the_body_are_saved_with_their_size_and_lazy_loading(client, settings):
    from django.core.files.storage import default_storage

    name = default_storage.save(
        "articles/body/2026/11/chart.png", ContentFile(image_bytes(640, 480, "PNG"))
    )
    body = (
        f'<p>نص</p><figure><img src="/media/{name}" alt="رسم بياني">'
        "<figcaption>الإنفاق</figcaption></figure>"
        '<p><img src="https://elsewhere.example/pixel.png" alt=""></p>'
    )
    client.force_login(make_user(permissions=EDITOR_PERMISSIONS))

    response = client.post(
        reverse("admin:articles_article_add"), admin_form(make_category(), body=body)
    )

    assert response.status_code == 302
    saved = Article.objects.get().body
    assert (
        f'<img src="/media/{name}" alt="رسم بياني" width="640" height="480" loading="lazy">'
        in saved
    )
    assert "elsewhere.example" not in saved  # images from other sites are dropped


def test_the_editors_image_picker_refuses_what_the_lead_image_refuses(client):
    client.force_login(make_user(permissions=EDITOR_PERMISSIONS))
    upload = SimpleUploadedFile("notes.png", b"not an image at all")

    response = client.post(
        reverse("admin:articles_article_body_image"), {"image": upload, "alt": "وصف"}
    )

    assert response.status_code == 400
    assert "chosen" not in response.context


def test_the_article_page_reads_its_pictures_and_those_of_see_also_in_one_query(client):
    article = article_with_image()
    related = article_with_image(category=article.category)
    article.see_also.add(related)
    for item in (article, related):
        make_renditions.call(item.pk, item.image.name)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(article.get_absolute_url())

    sql = [query["sql"] for query in captured.captured_queries]
    assert len([q for q in sql if 'FROM "articles_imagerendition"' in q]) == 1
    page = parse(response.content)
    assert page.find("figure", class_="story__figure").find("source") is not None
    assert page.find("aside", class_="see-also").find("source") is not None
