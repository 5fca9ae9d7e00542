"""Static pages (articles/pages.py): served at /<slug>/, listed in every page's footer, and an
unknown path is still a plain 404."""

import io

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles.models import Page
from articles.pages import FOOTER_KEY
from newsroom.management.commands.seed_demo import arabic_days
from tests.factories import make_article, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db


def make_page(**fields):
    defaults = {"title": "من نحن", "slug": "about", "body": "<p>صحيفة يومية.</p>"}
    return Page.objects.create(**{"published": True, **defaults, **fields})


def footer_links(client, url="/"):
    nav = parse(client.get(url).content).find("nav", class_="site-footer__pages")
    return [(a.text, a.attrs["href"]) for a in nav.find_all("a")] if nav else []


def test_a_published_page_is_served_at_its_slug(client):
    make_page(body='<p>صحيفة يومية.</p><script>alert(1)</script><p onclick="x()">نص</p>')
    response = client.get("/about/")
    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("h1").text == "من نحن"
    assert "<script" not in str(page.find("div", class_="story__body"))
    assert "onclick" not in response.content.decode()


def test_an_arabic_slug_works():
    page = make_page(title="اتصل بنا", slug="اتصل-بنا")
    assert Client().get(page.get_absolute_url()).status_code == 200


def test_a_draft_page_is_a_404(client):
    make_page(published=False)
    assert client.get("/about/").status_code == 404


@pytest.mark.parametrize("path", ["/nowhere", "/nowhere/", "/about", "/about/x/"])
def test_an_unknown_path_is_a_404_with_no_redirect_hop(client, path):
    make_page(slug="other")
    response = client.get(path)
    assert response.status_code == 404
    assert "Location" not in response.headers


def test_a_page_address_without_its_slash_gets_one(client):
    make_page()
    response = client.get("/about")
    assert response.status_code == 301
    assert response.headers["Location"] == "/about/"


def test_the_sites_own_addresses_come_first(client):
    # A page cannot take over /search/: the admin refuses the slug, and the URL stays ours.
    page = Page(title="بحث", slug="search", body="<p>x</p>", published=True)
    with pytest.raises(ValidationError, match="مستخدم في الموقع"):
        page.full_clean()
    page.save()
    assert client.get("/search/").context["form"] is not None
    for path in ("/feed/", "/robots.txt", "/sitemap.xml"):
        assert client.get(path).status_code == 200, path


def test_the_footer_lists_published_pages_in_their_order(client):
    make_page(title="اتصل بنا", slug="contact", footer_position=4)
    make_page(title="من نحن", slug="about", footer_position=1)
    make_page(title="مسودة", slug="draft", published=False)
    article = make_article()
    expected = [("من نحن", "/about/"), ("اتصل بنا", "/contact/")]
    assert footer_links(client) == expected
    assert footer_links(client, article.get_absolute_url()) == expected
    assert footer_links(client, "/nowhere/") == expected  # the 404 page too


def test_the_comment_notice_links_the_privacy_page_when_there_is_one(client):
    article = make_article()

    def notice():
        page = parse(client.get(article.get_absolute_url()).content)
        found = page.find("p", class_="akismet_comment_form_privacy_notice")
        return [a.attrs["href"] for a in found.find_all("a")]

    assert notice() == ["https://akismet.com/privacy/"]
    make_page(title="سياسة الخصوصية", slug="privacy")
    assert notice() == ["https://akismet.com/privacy/", "/privacy/"]


def test_editors_keep_the_pages_in_the_admin(client, staff):
    client.force_login(staff["editor"])
    response = client.post(
        reverse("admin:articles_page_add"),
        {
            "title": "شروط الاستخدام",
            "slug": "terms",
            "body": "<p>الشروط</p><script>x</script>",
            "published": "on",
            "footer_position": "3",
        },
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="terms")
    assert page.body == "<p>الشروط</p>"
    client.force_login(staff["journalist"])
    assert client.get(reverse("admin:articles_page_changelist")).status_code == 403


def test_the_admin_refuses_a_slug_the_site_already_answers(admin_client):
    response = admin_client.post(
        reverse("admin:articles_page_add"),
        {"title": "x", "slug": "feed", "body": "<p>x</p>", "footer_position": "0"},
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors


# --- the 500 page and the page cache ------------------------------------------------------


@pytest.fixture
def reader(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client()
    client.raise_request_exception = False
    return client


def test_the_500_page_reads_footer_links_only_from_the_cache(reader, django_assert_num_queries):
    make_page()
    cache.delete(FOOTER_KEY)
    with django_assert_num_queries(0):
        response = reader.get("/test-errors/db/")
    assert response.status_code == 500
    assert parse(response.content).find("nav", class_="site-footer__pages") is None

    assert reader.get("/about/").status_code == 200  # fills the cache
    with django_assert_num_queries(0):
        response = reader.get("/test-errors/db/")
    assert footer_links(reader, "/test-errors/db/") == [("من نحن", "/about/")]


@pytest.mark.django_db(transaction=True)
def test_a_saved_page_updates_every_cached_page_footer(settings):
    settings.PAGE_CACHE_SECONDS = 600
    reader = Client()
    article = make_article(author=make_user(first_name="ريم"))
    for url in ("/", article.get_absolute_url()):
        reader.get(url)
        assert reader.get(url).headers["X-Page-Cache"] == "hit"
        assert footer_links(reader, url) == []
    page = make_page()
    for url in ("/", article.get_absolute_url()):
        assert footer_links(reader, url) == [("من نحن", "/about/")], url
    page.title = "عن الصحيفة"
    page.save()
    assert footer_links(reader, "/") == [("عن الصحيفة", "/about/")]
    page.delete()
    assert footer_links(reader, "/") == []
    assert reader.get("/about/").status_code == 404


def test_seed_demo_writes_the_four_pages_and_a_privacy_policy_from_the_settings(client, settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 30
    call_command("seed_demo", stdout=io.StringIO())
    assert [title for title, _url in footer_links(client)] == [
        "من نحن",
        "سياسة الخصوصية",
        "شروط الاستخدام",
        "اتصل بنا",
    ]
    privacy = Page.objects.get(slug="privacy").body
    assert "30 يوماً" in privacy  # the IP address, browser and referrer are erased then
    assert "15 يوماً" in privacy  # spam is deleted then
    assert 'href="https://akismet.com/privacy/"' in privacy
    for word in ("البريد", "عنوان IP", "الكوكيز", "Akismet"):
        assert word in privacy, word


@pytest.mark.parametrize(
    ("days", "words"),
    [(1, "يوم واحد"), (2, "يومين"), (7, "7 أيام"), (60, "60 يوماً"), (100, "100 يوم")],
)
def test_days_are_counted_as_arabic_counts_them(days, words):
    assert arabic_days(days) == words
