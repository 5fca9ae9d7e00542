"""Uploads get unguessable names; article bodies keep only images of our media or CDN."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.html import is_own_image, outside_images, sanitize_article_html
from articles.models import Article, AuthorProfile
from tests.articles.test_images import EDITOR_PERMISSIONS, admin_form, image_bytes
from tests.factories import make_article, make_category, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

RANDOM = r"[A-Za-z0-9_-]{22}"  # secrets.token_urlsafe(16)


def test_a_lead_image_is_stored_under_a_random_name_and_still_gets_renditions(
    client, django_capture_on_commit_callbacks
):
    client.force_login(make_user(permissions=EDITOR_PERMISSIONS))
    upload = SimpleUploadedFile("draft-minister-resigns.JPG", image_bytes(900, 600))
    form = admin_form(make_category(), image=upload)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("admin:articles_article_add"), form).status_code == 302
    article = Article.objects.get(slug="خبر-مصور")
    assert re.fullmatch(rf"articles/\d{{4}}/\d{{2}}/{RANDOM}\.jpg", article.image.name)
    assert "minister" not in article.image.url
    # Renditions (sorl-thumbnail) are made from the new name as before.
    made = article.renditions.filter(source=article.image.name)
    assert sorted(made.values_list("width", flat=True)) == [400, 400, 800, 800, 900, 900]
    for rendition in article.renditions.all():
        assert "minister" not in rendition.file
    assert parse(client.get(article.get_absolute_url()).content).find("picture") is not None


def test_the_same_file_name_twice_gives_two_unrelated_names():
    first, second = make_article(), make_article()
    for article in (first, second):
        article.image.save("photo.png", ContentFile(image_bytes(50, 40, "PNG")), save=True)
    assert first.image.name != second.image.name
    assert first.image.name.endswith(".png")
    assert "photo" not in first.image.name + second.image.name


def test_an_author_photo_gets_a_random_name():
    profile = AuthorProfile.objects.create(user=make_user(username="writer"))
    profile.photo.save("writer-home-address.webp", ContentFile(image_bytes(60, 60, "WEBP")))
    assert re.fullmatch(rf"authors/{RANDOM}\.webp", profile.photo.name)


def test_an_image_of_the_body_gets_a_random_name(client):
    client.force_login(make_user(permissions=EDITOR_PERMISSIONS))
    upload = SimpleUploadedFile("secret-draft-scoop.jpg", image_bytes(40, 30))
    response = client.post(
        reverse("admin:articles_article_body_image"), {"image": upload, "alt": "وصف"}
    )
    url = response.context["chosen"]["url"]
    assert re.fullmatch(rf"/media/articles/body/\d{{4}}/\d{{2}}/{RANDOM}\.webp", url)


# --- images inside the article's text ------------------------------------------------------


@pytest.mark.parametrize(
    "src",
    [
        "/media/articles/body/2026/11/abc.webp",
        "http://127.0.0.1:8000/media/articles/x.jpg",  # SITE_URL in the tests
        "https://cdn.example.net/articles/x.jpg",
    ],
)
def test_our_media_and_the_cdn_are_kept(settings, src):
    settings.IMAGE_CDN_ORIGINS = ["https://cdn.example.net"]
    assert is_own_image(src)
    assert f'src="{src}"' in sanitize_article_html(f'<p><img src="{src}" alt="x"></p>')


@pytest.mark.parametrize(
    "src",
    [
        "http://evil.example/pixel.gif",
        "https://evil.example/media/x.jpg",
        "//evil.example/pixel.gif",
        "/\\evil.example/pixel.gif",
        "\\\\evil.example/pixel.gif",
        "https://cdn.example.net.evil.example/x.jpg",
        "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
        "/static/icons/icon.svg",
        "/media/../admin/x.png",
        "media/x.jpg",
        "javascript:alert(1)",
        "",
    ],
)
def test_other_images_are_dropped_whole(settings, src):
    settings.IMAGE_CDN_ORIGINS = ["https://cdn.example.net"]
    html = f'<figure><img src="{src}" alt="بكسل"><figcaption>نص</figcaption></figure>'
    cleaned = str(sanitize_article_html(html))
    assert "<img" not in cleaned
    assert "<figcaption>نص</figcaption>" in cleaned


def test_a_tracking_pixel_is_removed_on_save_and_the_journalist_is_told(client):
    client.force_login(make_user(permissions=EDITOR_PERMISSIONS))
    body = (
        '<p>نص الخبر<img src="http://evil.example/pixel.gif" alt=""></p>'
        '<figure><img src="/media/articles/body/a.webp" alt="صورتنا"></figure>'
    )
    response = client.post(
        reverse("admin:articles_article_add"), admin_form(make_category(), body=body)
    )
    assert response.status_code == 302
    stored = Article.objects.get(slug="خبر-مصور").body
    assert "evil.example" not in stored
    assert 'src="/media/articles/body/a.webp"' in stored
    [message] = [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert "http://evil.example/pixel.gif" in str(message)
    assert "حُذفت" in str(message)  # in Arabic, the desk's language


def test_a_body_stored_before_the_rule_loses_its_outside_images_when_shown(client):
    article = make_article(
        body='<p>قديم<img src="https://tracker.example/p.gif?id=1" alt=""></p>'
        '<p><img src="/media/articles/body/ok.webp" alt="لنا"></p>'
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "tracker.example" not in page
    assert 'src="/media/articles/body/ok.webp"' in page


def test_outside_images_lists_what_would_be_dropped():
    html = '<img src="/media/a.webp"><img src="http://x.example/a.gif"><img src="data:,x">'
    assert outside_images(html) == ["http://x.example/a.gif", "data:,x"]
