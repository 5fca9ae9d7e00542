"""Reader forms in cached pages: no CSRF token, forged cross-site posts refused by origin
(newsroom/origin.py, docs/caching.md)."""

import pytest
from django.test import Client

from comments.models import Comment
from tests.factories import COMMENT_FORM, make_article, make_comment, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def strict():
    """A browser as the CSRF middleware sees it: tokens are checked wherever Django wants one."""
    client = Client(enforce_csrf_checks=True)
    client.raise_request_exception = False
    return client


def form_fields(html: bytes) -> tuple[str, dict]:
    """What a browser without JavaScript would send from the page's comment form."""
    form = parse(html).find("form", id="commentform")
    fields = {
        element.attrs["name"]: element.attrs.get("value", "")
        for element in form.iter()
        if element.tag == "input" and element.attrs.get("type") != "checkbox"
    }
    return form.attrs["action"], fields


def test_a_reader_without_javascript_comments_from_a_cached_page(strict, page_cache):
    article = make_article()
    url = article.get_absolute_url()
    strict.get(url)
    cached = strict.get(url)
    assert cached.headers["X-Page-Cache"] == "hit"
    action, fields = form_fields(cached.content)
    assert "csrfmiddlewaretoken" not in fields
    fields.update(comment=COMMENT_FORM["comment"], author="قارئ", email="r@example.com")
    response = strict.post(action, fields, HTTP_ORIGIN=SITE)
    assert response.status_code == 302
    assert Comment.objects.get().content == COMMENT_FORM["comment"]


def test_a_reply_without_javascript_from_a_cached_page(strict, page_cache):
    article = make_article()
    parent = make_comment(article)
    url = f"{article.get_absolute_url()}?replytocom={parent.pk}"
    strict.get(url)
    cached = strict.get(url)
    assert cached.headers["X-Page-Cache"] == "hit"
    action, fields = form_fields(cached.content)
    assert fields["comment_parent"] == str(parent.pk)
    fields.update(comment="رد على التعليق", author="قارئ", email="r@example.com")
    referer = f"{SITE}{url}"
    assert strict.post(action, fields, HTTP_REFERER=referer).status_code == 302
    assert Comment.objects.get(content="رد على التعليق").parent == parent


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://attacker.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "http://testserver.attacker.example"},
        {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
        {"HTTP_REFERER": "https://attacker.example/page"},
        {"HTTP_REFERER": "not a url"},
        {"HTTP_ORIGIN": "https://attacker.example", "HTTP_REFERER": f"{SITE}/"},
    ],
)
def test_a_cross_site_post_is_refused_with_the_short_arabic_page(strict, headers):
    article = make_article()
    response = strict.post(f"/comments/post/{article.pk}/", COMMENT_FORM, **headers)
    assert response.status_code == 403
    page = parse(response.content)
    assert page.find("html").attrs["lang"] == "ar"
    assert "من موقع آخر" in page.find("p", class_="notice").text
    assert Comment.objects.count() == 0


def test_the_sites_canonical_origin_is_accepted(strict, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://news.example.com"]
    article = make_article()
    response = strict.post(
        f"/comments/post/{article.pk}/", COMMENT_FORM, HTTP_ORIGIN="https://news.example.com"
    )
    assert response.status_code == 302


def test_without_origin_or_referer_the_comment_is_taken_as_anonymous(strict):
    """Neither header: a script or a very old browser. Accepted, but never in the name of a
    signed-in user, the one thing a forged post could borrow."""
    article = make_article()
    strict.force_login(make_user(is_superuser=True))
    response = strict.post(f"/comments/post/{article.pk}/", COMMENT_FORM)
    assert response.status_code == 302
    assert Comment.objects.get().user is None


def test_signed_in_staff_posting_from_the_site_keep_their_name(strict):
    article = make_article()
    user = make_user()
    strict.force_login(user)
    response = strict.post(f"/comments/post/{article.pk}/", COMMENT_FORM, HTTP_ORIGIN=SITE)
    assert response.status_code == 302
    assert Comment.objects.get().user == user


def test_the_language_switch_works_from_a_cached_page_and_refuses_other_sites(strict):
    response = strict.post("/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_ORIGIN=SITE)
    assert response.status_code == 302
    assert strict.cookies["django_language"].value == "en"
    forged = Client(enforce_csrf_checks=True)
    response = forged.post(
        "/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_ORIGIN="https://attacker.example"
    )
    assert response.status_code == 403
    assert "django_language" not in forged.cookies


def test_english_pages_are_cached_apart_from_arabic_ones(client, page_cache):
    make_article()
    arabic = client.get("/")
    english_reader = Client()
    english_reader.cookies["django_language"] = "en"
    english = english_reader.get("/")
    assert english.headers["X-Page-Cache"] == "miss"
    assert english.headers["Content-Language"] == "en"
    assert 'lang="en"' in english.content.decode()
    assert client.get("/").content == arabic.content
