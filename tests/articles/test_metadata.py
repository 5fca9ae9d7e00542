import json
from datetime import datetime
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from tests.factories import make_article, make_category, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

SITE = "https://news.example.com"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def article():
    author = make_user(first_name="سارة", last_name="العلي")
    category = make_category(name="اقتصاد", slug="economy")
    item = make_article(
        title="ارتفاع أسعار النفط",
        lead="ارتفعت الأسعار للأسبوع الثالث.",
        author=author,
        category=category,
    )
    buffer = BytesIO()
    Image.new("RGB", (64, 36), "navy").save(buffer, "JPEG")
    item.image.save("photo.jpg", ContentFile(buffer.getvalue()))
    item.image_alt = "ناقلة نفط"
    item.save(update_fields=["image_alt"])
    return item


def meta(page, **attrs):
    element = page.find("meta", **attrs)
    assert element is not None, attrs
    return element.attrs["content"]


def structured_data(page):
    return [
        json.loads(script.text_parts[0] if script.text_parts else script.text)
        for script in page.find_all("script", type="application/ld+json")
    ]


def test_article_json_ld_has_every_field(client, article):
    page = parse(client.get(article.get_absolute_url()).content)
    (news, trail) = structured_data(page)
    url = f"{SITE}{article.get_absolute_url()}"
    assert news["@context"] == "https://schema.org"
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == "ارتفاع أسعار النفط"
    assert news["description"] == "ارتفعت الأسعار للأسبوع الثالث."
    assert news["image"] == [f"{SITE}{article.image.url}"]
    assert datetime.fromisoformat(news["datePublished"]) == article.published_at
    assert datetime.fromisoformat(news["dateModified"]) == article.updated_at
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "سارة العلي",
            "url": f"{SITE}/author/%D8%B3%D8%A7%D8%B1%D8%A9-%D8%A7%D9%84%D8%B9%D9%84%D9%8A/",
        }
    ]
    publisher = news["publisher"]
    assert publisher["name"] == "غرفة الأخبار"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"] == f"{SITE}/static/icons/publisher-logo.png"
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert news["inLanguage"] == "ar"
    assert trail["@type"] == "BreadcrumbList"
    assert [(i["position"], i["name"], i["item"]) for i in trail["itemListElement"]] == [
        (1, "الرئيسية", f"{SITE}/"),
        (2, "اقتصاد", f"{SITE}/category/economy/"),
        (3, "ارتفاع أسعار النفط", url),
    ]


def test_json_ld_cannot_be_broken_out_of(client):
    item = make_article(title="</script><script>alert(1)</script> & more", lead="<b>x</b>")
    content = client.get(item.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in content
    (news, _trail) = structured_data(parse(content.encode()))
    assert news["headline"] == "</script><script>alert(1)</script> & more"


def test_article_without_image_or_author_still_has_image_and_author(client):
    item = make_article(author=None)
    (news, _trail) = structured_data(parse(client.get(item.get_absolute_url()).content))
    assert news["image"] == [f"{SITE}/static/icons/social-default.png"]
    assert news["author"][0]["name"] == "غرفة الأخبار"


def test_article_social_cards(client, article):
    page = parse(client.get(article.get_absolute_url()).content)
    url = f"{SITE}{article.get_absolute_url()}"
    assert page.find("link", rel="canonical").attrs["href"] == url
    assert meta(page, property="og:type") == "article"
    assert meta(page, property="og:title") == article.title
    assert meta(page, property="og:description") == article.lead
    assert meta(page, property="og:url") == url
    assert meta(page, property="og:image") == f"{SITE}{article.image.url}"
    assert meta(page, property="og:image:alt") == "ناقلة نفط"
    assert meta(page, property="og:locale") == "ar_AR"
    assert meta(page, property="article:section") == "اقتصاد"
    assert datetime.fromisoformat(meta(page, property="article:published_time")) == (
        article.published_at
    )
    assert meta(page, name="twitter:card") == "summary_large_image"
    assert meta(page, name="twitter:title") == article.title
    assert meta(page, name="twitter:image") == f"{SITE}{article.image.url}"


def test_home_has_website_data_with_its_search(client):
    make_article()
    page = parse(client.get("/").content)
    (site,) = structured_data(page)
    assert site["@type"] == "WebSite"
    target = site["potentialAction"]["target"]["urlTemplate"]
    assert target == f"{SITE}/search/?q={{search_term_string}}"
    assert page.find("link", rel="canonical").attrs["href"] == f"{SITE}/"
    assert meta(page, name="twitter:card") == "summary"


@pytest.mark.parametrize("path", ["/", "/category/economy/", "/search/?q=x", "/news/1/x/"])
def test_every_page_has_a_title_and_a_description(client, path):
    category = make_category(slug="economy")
    make_article(pk=1, category=category)
    response = client.get(path, follow=True)
    page = parse(response.content)
    assert page.find("title").text.strip()
    assert meta(page, name="description").strip()


def test_category_canonical_names_the_page(client):
    category = make_category(slug="economy")
    for _ in range(13):
        make_article(category=category)
    page = parse(client.get("/category/economy/?page=2&utm_source=x").content)
    assert page.find("link", rel="canonical").attrs["href"] == f"{SITE}/category/economy/?page=2"
    assert meta(page, property="og:title") == category.name


def test_icons_manifest_and_favicon(client):
    page = parse(client.get("/").content)
    icons = {link.attrs["href"] for link in page.find_all("link", rel="icon")}
    assert "/static/icons/favicon.ico" in icons
    touch = page.find("link", rel="apple-touch-icon").attrs["href"]
    assert client.get(touch).status_code == 200
    manifest_url = page.find("link", rel="manifest").attrs["href"]
    response = client.get(manifest_url)
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["lang"] == "ar"
    assert manifest["dir"] == "rtl"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200
    favicon = client.get("/favicon.ico", follow=True)
    assert favicon.status_code == 200
    assert b"".join(favicon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
