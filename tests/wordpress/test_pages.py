"""WordPress pages become static pages at their old addresses; author addresses follow the
author pages' rule (a 301 only for someone with published work)."""

from urllib.parse import quote, unquote

import pytest
from django.core.management import call_command

from articles.models import Article, AuthorProfile, Page, WordPressItem
from tests.wordpress.test_import import run, wxr_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path):
    return run(tmp_path)


def page_for(wp_id):
    return Page.objects.get(pk=WordPressItem.objects.get(kind="page", wp_id=wp_id).object_id)


def test_every_page_of_the_file_is_imported_with_its_status(imported):
    assert Page.objects.count() == len(list(wxr_items("page")))
    sample, privacy, about = page_for("2"), page_for("3"), page_for("16")
    assert (sample.slug, sample.title, sample.published) == ("sample-page", "Sample Page", True)
    assert (privacy.slug, privacy.published) == ("privacy-policy", False)  # a draft there
    assert (about.slug, about.title, about.published) == ("من-نحن", "من نحن", True)


def test_page_bodies_go_through_the_post_body_conversion(imported):
    about, sample = page_for("16"), page_for("2")
    assert about.body == "<p>صحيفة الاختبار صحيفة يومية مستقلة.</p>\n<p>تأسست عام 2010.</p>"
    assert "<!-- wp:" not in sample.body
    assert sample.body.startswith("<p>This is an example page.")


def test_old_page_addresses_keep_working(imported, client):
    about = client.get(quote("/من-نحن/"))
    assert about.status_code == 200
    assert "صحيفة الاختبار صحيفة يومية مستقلة." in about.content.decode()
    assert client.get("/sample-page/").status_code == 200
    response = client.get("/", {"page_id": "2"})
    assert (response.status_code, response.headers["Location"]) == (301, "/sample-page/")
    assert client.get("/", {"page_id": "3"}).status_code == 404  # a draft stays hidden
    assert client.get("/privacy-policy/").status_code == 404


def test_the_footer_links_the_imported_published_pages(imported, client):
    footer = client.get("/").content.decode()
    assert 'href="/sample-page/"' in footer
    assert quote("/من-نحن/") in footer or "/من-نحن/" in footer
    assert "/privacy-policy/" not in footer


def test_a_second_run_creates_no_page(imported, tmp_path):
    before = list(Page.objects.values_list("pk", "slug", "body", "published"))
    report = run(tmp_path)
    assert list(Page.objects.values_list("pk", "slug", "body", "published")) == before
    assert "published unchanged 2" in report.split("page: ")[1].splitlines()[0]


def test_author_addresses_redirect_only_for_authors_with_published_work(imported, client):
    published = {
        profile.user.username
        for profile in AuthorProfile.objects.select_related("user")
        if Article.objects.published().by_author(profile.user).exists()
    }
    wp_ids = {"admin": "1", "samira": "2", "omar": "3"}
    assert "samira" in published
    for login, wp_id in wp_ids.items():
        by_id = client.get("/", {"author": wp_id})
        by_login = client.get(f"/author/{login}/")
        if login in published:
            profile = AuthorProfile.objects.get(user__username=login)
            assert by_id.status_code == by_login.status_code == 301, login
            assert by_id.headers["Location"] == profile.get_absolute_url()
            assert unquote(by_login.headers["Location"]) == unquote(profile.get_absolute_url())
            assert login not in profile.slug
        else:
            assert by_id.status_code == by_login.status_code == 404, login


def test_a_page_whose_slug_the_site_already_answers_gets_another(tmp_path, client):
    site = "http://old.example.test"
    export = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.1/"><channel><title>t</title><link>{site}</link>
<wp:wxr_version>1.1</wp:wxr_version><wp:base_site_url>{site}</wp:base_site_url>
<item><title>البحث</title><link>{site}/search/</link><dc:creator>nobody</dc:creator>
<content:encoded><![CDATA[كيف تبحث في الموقع.]]></content:encoded>
<excerpt:encoded></excerpt:encoded><wp:post_id>7</wp:post_id>
<wp:post_name>search</wp:post_name><wp:status>publish</wp:status><wp:post_type>page</wp:post_type>
</item></channel></rss>"""
    path = tmp_path / "export.xml"
    path.write_text(export)
    call_command("import_wordpress", str(path), "--report", str(tmp_path / "r.txt"))
    page = Page.objects.get()
    assert page.slug == "search-7"
    assert "slug taken here: search-7" in (tmp_path / "r.txt").read_text()
    assert client.get("/search-7/").status_code == 200
    assert client.get("/search/").context["form"] is not None  # still the site's search
