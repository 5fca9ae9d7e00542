"""Error pages with DEBUG off: Arabic pages of the site, the header's search, a link home."""

import pytest
from django.test import Client

from tests.factories import make_article, make_category
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.error_urls"


@pytest.fixture
def reader(production):
    client = Client()
    client.raise_request_exception = False
    return client


def assert_site_error_page(response, status, heading_word):
    assert response.status_code == status
    page = parse(response.content)
    html = page.find("html")
    assert html.attrs["lang"] == "ar"
    assert html.attrs["dir"] == "rtl"
    assert page.find("link", rel="stylesheet") is not None
    assert page.find("form", class_="site-search").attrs["action"] == "/search/"
    home = page.find("a", class_="error-page__home")
    assert home.attrs["href"] == "/"
    assert heading_word in page.find("h1").text
    assert page.find("meta", name="robots").attrs["content"] == "noindex"
    return page


@pytest.mark.parametrize("url", ["/news/999/", "/news/999/slug/", "/category/nope/", "/nowhere"])
def test_404_is_an_arabic_page_of_the_site(reader, url):
    make_category(name="اقتصاد")
    page = assert_site_error_page(reader.get(url), 404, "الصفحة")
    assert "اقتصاد" in page.find("nav", class_="sections").text


def test_404_in_english_for_a_reader_who_chose_english(reader):
    reader.cookies["django_language"] = "en"
    response = reader.get("/news/999/")
    assert response.status_code == 404
    assert parse(response.content).find("html").attrs["lang"] == "en"
    assert "We could not find this page" in response.content.decode()


def test_500_is_an_arabic_page_of_the_site(reader):
    assert_site_error_page(reader.get("/test-errors/boom/"), 500, "خطأ")


def test_500_page_makes_no_database_query(reader, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = reader.get("/test-errors/db/")
    assert response.status_code == 500


def test_500_falls_back_to_plain_arabic_when_its_template_fails(reader, settings, tmp_path):
    (tmp_path / "500.html").write_text("{% broken_tag %}")
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    response = reader.get("/test-errors/boom/")
    assert response.status_code == 500
    assert 'lang="ar" dir="rtl"' in response.content.decode()
    assert 'href="/"' in response.content.decode()


def test_403_is_an_arabic_page_of_the_site(reader):
    assert_site_error_page(reader.get("/test-errors/forbidden/"), 403, "لا يمكنك")


def test_csrf_failure_is_an_arabic_page_of_the_site(production):
    # The reader forms are checked by origin instead (newsroom/origin.py); the admin's are not.
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    page = assert_site_error_page(response, 403, "النموذج")
    assert "أعد تحميل الصفحة" in page.text


@pytest.mark.parametrize(
    "url",
    ["/category/%00/", "/news/1/%00/", "/category/a%00b/?page=1", "/%00", "/search/%00/"],
)
def test_nul_in_the_path_is_a_400_page(reader, url):
    assert_site_error_page(reader.get(url), 400, "الطلب")


@pytest.mark.parametrize(
    "url",
    ["/category/%ff/", "/category/%E0%A4%A/", "/category/%C3%28/", "/category/%/", "/news/%ff/"],
)
def test_invalid_percent_encoding_in_the_path_is_a_404(reader, url):
    make_article(pk=1)
    assert_site_error_page(reader.get(url), 404, "الصفحة")


@pytest.mark.parametrize(
    "query", ["page=%00", "page=%ff", "page=%E0%A4%A", "replytocom=%00", "%00=%00", "page=-1"]
)
def test_malformed_parameters_never_answer_500(reader, query):
    article = make_article()
    for url in ["/", article.category.get_absolute_url(), article.get_absolute_url()]:
        response = reader.get(f"{url}?{query}")
        assert response.status_code in {200, 400, 404}, (url, query)


@pytest.mark.parametrize("field", ["comment", "author", "email", "url", "comment_parent"])
def test_nul_in_a_posted_comment_field_is_a_400_never_a_500(reader, field):
    from tests.factories import COMMENT_FORM

    article = make_article()
    data = {**COMMENT_FORM, field: f"{COMMENT_FORM[field]}\x00x"}
    response = reader.post(f"/comments/post/{article.pk}/", data, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 400


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "page=%00&q=x", "category=%00", "q=%ff%fe"])
def test_malformed_search_parameters_never_answer_500(reader, query):
    make_article()
    assert reader.get(f"/search/?{query}").status_code in {200, 400}
