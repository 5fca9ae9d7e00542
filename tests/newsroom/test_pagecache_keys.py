"""Page cache keys and who shares a page (newsroom/pagecache/, docs/caching.md "Keys"):
a made-up query string, Host variant or cookie must neither fill the cache nor skip it."""

import secrets

import pytest
from django.core.cache import cache
from django.core.signing import get_cookie_signer

from articles import popularity
from comments.cookies import OWN_COOKIE, OWN_SALT
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", "example.org"]
    popularity._local["next_ask"] = 0.0
    cache.clear()


def state(response) -> str:
    return response.headers.get("X-Page-Cache", "")


def page_entries() -> list[str]:
    return [key for key in cache._cache if ":pagecache:page:" in key and "rendering" not in key]


def test_tracking_and_unknown_parameters_and_host_variants_share_one_entry(client):
    make_article(title="خبر واحد")
    assert state(client.get("/")) == "miss"
    variants = [f"/?utm_source={secrets.token_hex(8)}" for _ in range(5)]
    variants += ["/?fbclid=abc", "/?gclid=1&mc_eid=2", "/?anything=" + "y" * 250]
    for url in variants:
        response = client.get(url)
        assert state(response) == "hit", url
        assert "خبر واحد" in response.content.decode()
    for host in ("localhost:8123", "LOCALHOST:9", "127.0.0.1:55555", "Example.org"):
        assert state(client.get("/", HTTP_HOST=host)) == "hit", host
    assert len(page_entries()) == 1


def test_a_parameter_the_page_reads_makes_its_own_entry(client):
    make_article()
    first = client.get("/search/?q=خبر&utm_source=x")
    assert state(first) == "miss"
    assert state(client.get("/search/?utm_medium=y&q=خبر")) == "hit"
    assert state(client.get("/search/?q=آخر")) == "miss"
    assert len(page_entries()) == 2


def test_the_view_never_sees_a_dropped_parameter(client):
    """The shared page is made from the kept parameters only, so nothing a tracking link
    carried can end up in a page served to everyone."""
    make_article()
    response = client.get("/search/?q=خبر&utm_source=secret-campaign-name")
    assert "secret-campaign-name" not in response.content.decode()


# --- cookies that do not verify ----------------------------------------------------------


@pytest.mark.parametrize(
    "cookie",
    [
        {"sessionid": "x"},
        {"sessionid": "abcdefghijklmnopqrstuvwxyz012345"},
        {"messages": "x"},
        {"messages": "W1siX19qc29uX21lc3NhZ2UiLDAsMjUsImhpIl1d:forged"},
        {OWN_COOKIE: "x"},
        {OWN_COOKIE: "W1sxLDE3MDAwMDAwMDBdXQ:1r2s3t:forgedsignature"},
    ],
)
def test_a_cookie_that_does_not_verify_gets_the_shared_page(client, cookie):
    make_article()
    assert state(client.get("/")) == "miss"
    for name, value in cookie.items():
        client.cookies[name] = value
    assert state(client.get("/")) == "hit"


def test_a_real_session_still_bypasses(client):
    make_article()
    client.get("/")
    client.force_login(make_user(is_superuser=True))
    assert state(client.get("/")) == "bypass"


def test_a_signed_messages_cookie_still_bypasses(client):
    make_article()
    client.get("/")
    signer = get_cookie_signer(salt="django.contrib.messages")
    client.cookies["messages"] = signer.sign_object([], compress=True)
    assert state(client.get("/")) == "bypass"


def test_an_own_comment_cookie_that_verifies_still_bypasses(client):
    import time

    from django.core import signing

    article = make_article()
    comment = make_comment(article)
    client.get(article.get_absolute_url())
    client.cookies[OWN_COOKIE] = signing.dumps([[comment.pk, time.time()]], salt=OWN_SALT)
    assert state(client.get(article.get_absolute_url())) == "bypass"
