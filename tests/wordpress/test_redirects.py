"""Old addresses answer 301 when no URL of ours matched; everything else is as before."""

import pytest

from articles.models import Redirect
from articles.redirects import normalize_path
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_normalize_path_decodes_and_drops_the_trailing_slash():
    assert normalize_path("/2024/03/%d9%85%d9%86-%d9%86%d8%ad%d9%86/") == "/2024/03/من-نحن"
    assert normalize_path("http://old.example/a/b/") == "/a/b"
    assert normalize_path("/?p=12") == "/?p=12"
    assert normalize_path("/") == "/"


def test_an_old_path_percent_encoded_or_not_answers_301(client):
    article = make_article()
    Redirect.objects.create(old_path="/2024/03/10/موازنة-العام/", target=article.get_absolute_url())
    for path in (
        "/2024/03/10/موازنة-العام/",
        "/2024/03/10/%D9%85%D9%88%D8%A7%D8%B2%D9%86%D8%A9-%D8%A7%D9%84%D8%B9%D8%A7%D9%85",
    ):
        response = client.get(path)
        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url()


def test_home_with_p_redirects_and_an_unknown_p_is_not_the_home_page(client):
    article = make_article()
    Redirect.objects.create(old_path="/?p=12", target=article.get_absolute_url())
    response = client.get("/?p=12")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    unknown = client.get("/?p=999")
    assert unknown.status_code == 404
    assert 'lang="ar"' in unknown.content.decode()
    assert client.get("/").status_code == 200


def test_reader_urls_keep_priority_over_the_table(client):
    article = make_article()
    other = make_article()
    Redirect.objects.create(old_path=article.get_absolute_url(), target=other.get_absolute_url())
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_unknown_address_is_still_the_arabic_404(client):
    response = client.get("/no/such/old/path/")
    assert response.status_code == 404
    assert 'lang="ar"' in response.content.decode()


def test_a_change_to_the_table_is_seen_despite_the_cache(client):
    article = make_article()
    assert client.get("/old/").status_code == 404  # the miss is cached
    redirect = Redirect.objects.create(old_path="/old/", target=article.get_absolute_url())
    assert client.get("/old/").status_code == 301
    redirect.delete()
    assert client.get("/old/").status_code == 404


def test_the_redirect_admin_lists_and_adds(admin_client):
    response = admin_client.post(
        "/admin/articles/redirect/add/", {"old_path": "/old-page/", "target": "/"}
    )
    assert response.status_code == 302
    assert Redirect.objects.get().old_path == "/old-page"
    assert admin_client.get("/admin/articles/redirect/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_home_with_p_redirects_even_when_the_home_page_is_cached(settings):
    """The page cache answers before the views; a WordPress query address of the home page
    must still get its 301 (or the 404), never the stored copy of the home page."""
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 600
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0")
    article = make_article()
    Redirect.objects.create(old_path="/?p=12", target=article.get_absolute_url())
    client.get("/")
    assert client.get("/").headers.get("X-Page-Cache") == "hit"
    response = client.get("/?p=12")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get("/?p=999").status_code == 404
    assert client.get("/?page_id=3").status_code == 404
    # A parameter the home page ignores (a campaign tag) still shares the stored copy.
    assert client.get("/?utm_source=x").headers.get("X-Page-Cache") == "hit"


def test_the_redirect_admin_shows_addresses_as_people_read_them(admin_client):
    Redirect.objects.create(
        old_path="/2024/03/10/موازنة/", target="/news/2/%D9%85%D9%88%D8%A7%D8%B2%D9%86%D8%A9/"
    )
    page = admin_client.get("/admin/articles/redirect/").content.decode()
    assert '<bdi dir="ltr" class="redirect-address">/news/2/موازنة/</bdi>' in page
    assert '<bdi dir="ltr" class="redirect-address">/2024/03/10/موازنة</bdi>' in page
    new_cell = page.split('class="field-new_address">', 1)[1].split("</td>", 1)[0]
    assert "%D9" not in new_cell


def test_a_nul_in_an_old_query_address_is_a_404_not_a_500(client):
    response = client.get("/?p=1%00")
    assert response.status_code == 404
    assert client.get("/?page_id=%00").status_code == 404
