"""Sharing without third-party code: plain links with the canonical URL, tagged per network."""

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from articles import sharing
from tests.factories import make_article
from tests.html import parse

pytestmark = pytest.mark.django_db

SITE = "https://news.example.com"


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    return SITE


def _share_nav(client, article, **headers):
    page = parse(client.get(article.get_absolute_url(), **headers).content)
    return page, page.find("nav", class_="share")


def _links(nav):
    return {
        link.attrs["class"].split("share__link--")[1]: link.attrs["href"]
        for link in nav.find_all("a", class_="share__link")
    }


def test_each_article_links_to_whatsapp_and_x_with_its_canonical_url(client, site):
    article = make_article(title="ارتفاع أسعار النفط")
    canonical = f"{SITE}{article.get_absolute_url()}"
    # A request through another host name must not leak into what readers share.
    page, nav = _share_nav(client, article, HTTP_HOST="127.0.0.1")
    assert page.find("link", rel="canonical").attrs["href"] == canonical
    links = _links(nav)

    whatsapp = urlsplit(links["whatsapp"])
    assert links["whatsapp"].startswith("https://wa.me/?text=")
    text = parse_qs(whatsapp.query)["text"][0]
    assert text == f"ارتفاع أسعار النفط\n{canonical}?utm_source=whatsapp"

    x = urlsplit(links["x"])
    assert links["x"].startswith("https://x.com/intent/")
    assert parse_qs(x.query)["url"] == [f"{canonical}?utm_source=x"]
    assert parse_qs(x.query)["text"] == ["ارتفاع أسعار النفط"]


def test_telegram_and_email_share_the_canonical_url_tagged_for_them(client, site):
    article = make_article(title="خبر عاجل & مهم")
    canonical = f"{SITE}{article.get_absolute_url()}"
    links = _links(_share_nav(client, article)[1])

    telegram = urlsplit(links["telegram"])
    assert f"{telegram.scheme}://{telegram.netloc}{telegram.path}" == "https://t.me/share/url"
    assert parse_qs(telegram.query)["url"] == [f"{canonical}?utm_source=telegram"]
    assert parse_qs(telegram.query)["text"] == ["خبر عاجل & مهم"]

    mail = links["email"]
    assert mail.startswith("mailto:?subject=")
    assert "+" not in mail  # mailto: reads "+" literally: spaces are %20
    query = parse_qs(urlsplit(mail).query)
    assert query["subject"] == ["خبر عاجل & مهم"]
    assert query["body"] == [f"خبر عاجل & مهم\r\n\r\n{canonical}?utm_source=email"]


def test_share_links_are_plain_links_and_no_third_party_resource_is_loaded(client, site):
    article = make_article()
    page, nav = _share_nav(client, article)
    for link in nav.find_all("a"):
        assert link.attrs.get("rel") == "noopener noreferrer" or link.attrs["href"].startswith(
            "mailto:"
        )
    # Nothing on the page is fetched from another site: scripts, styles, images and frames
    # come from our origin; the networks are only in link targets.
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
        for element in page.find_all(tag):
            url = element.attrs.get(attribute, "")
            if tag == "link" and element.attrs.get("rel") in ("canonical", "alternate"):
                continue
            assert not url.startswith(("http://", "https://", "//")), (tag, url)
    inline = [script for script in page.find_all("script") if "src" not in script.attrs]
    assert all(script.attrs.get("type") == "application/ld+json" for script in inline)


def test_the_share_button_carries_canonical_urls_and_works_from_a_static_script(client, site):
    article = make_article(title="عنوان")
    canonical = f"{SITE}{article.get_absolute_url()}"
    page, nav = _share_nav(client, article)
    button = nav.find("button", class_="share__button")
    assert button.attrs["type"] == "button"
    assert button.attrs["data-copy-url"] == f"{canonical}?utm_source=copy"
    assert button.attrs["data-share-url"] == f"{canonical}?utm_source=share"
    assert button.attrs["data-title"] == "عنوان"
    assert any(
        script.attrs.get("src", "").endswith("/js/reader.js") for script in page.find_all("script")
    )
    assert not any(name.startswith("on") for el in page.iter() for name in el.attrs)


def test_english_pages_label_the_networks_in_english(client, site, settings):
    article = make_article()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    nav = _share_nav(client, article)[1]
    assert nav.attrs["aria-label"] == "Share this article"
    assert [a.text for a in nav.find_all("a")] == ["WhatsApp", "X", "Telegram", "E-mail"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    nav = _share_nav(client, article)[1]
    assert [a.text for a in nav.find_all("a")] == ["واتساب", "إكس", "تيليغرام", "البريد"]


def test_previews_have_no_share_links(admin_client):
    from articles.models import Article

    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    page = parse(admin_client.get(draft.get_absolute_url()).content)
    assert page.find("nav", class_="share") is None


def test_shared_urls_use_site_url_not_the_request_and_escape_the_title(site):
    article = make_article(title='a "quoted" <b>title</b> #1 ?x=1')
    links = {link.network: link.url for link in sharing.share_links(article)}
    x = parse_qs(urlsplit(links["x"]).query)
    assert x["text"] == ['a "quoted" <b>title</b> #1 ?x=1']  # encoded, so it cannot add params
    assert unquote(x["url"][0]).startswith(SITE)
    assert sharing.article_url(article, "x") == f"{SITE}{article.get_absolute_url()}?utm_source=x"


def test_a_shared_url_opens_the_article(client, site):
    article = make_article()
    response = client.get(f"{article.get_absolute_url()}?utm_source=whatsapp")
    assert response.status_code == 200
