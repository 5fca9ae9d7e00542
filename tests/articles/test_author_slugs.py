"""Author pages at /author/<slug>/, the slug made from the name readers see and never from the
login name; the old /author/<username>/ answers 301 only for someone whose page exists."""

import io
import json
from urllib.parse import quote, unquote

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, ArticleAuthor, AuthorProfile
from tests.factories import make_article, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db


def test_the_slug_is_made_from_the_arabic_name_not_the_login_name():
    user = make_user(username="reem", first_name="ريم", last_name="الصالح")
    profile = AuthorProfile.objects.create(user=user)
    assert profile.slug == "ريم-الصالح"
    assert unquote(profile.get_absolute_url()) == "/author/ريم-الصالح/"


def test_a_second_author_with_the_same_name_gets_a_numbered_slug():
    first = AuthorProfile.objects.create(user=make_user(first_name="عمر", last_name="حداد"))
    second = AuthorProfile.objects.create(user=make_user(first_name="عمر", last_name="حداد"))
    assert (first.slug, second.slug) == ("عمر-حداد", "عمر-حداد-2")


@pytest.mark.parametrize("first_name", ["", "secretlogin", "SecretLogin"])
def test_without_a_full_name_the_slug_is_not_the_login_name(first_name):
    # A name that is the login name: WordPress's default display name, imported as the name.
    user = make_user(username="secretlogin", first_name=first_name)
    profile = AuthorProfile.objects.create(user=user)
    assert profile.slug == f"author-{user.pk}"
    assert "secretlogin" not in profile.get_absolute_url().lower()


def test_a_published_article_gives_its_authors_a_profile_and_so_a_page(client):
    first = make_user(username="reem", first_name="ريم", last_name="الصالح")
    second = make_user(username="omar", first_name="عمر", last_name="حداد")
    article = make_article(author=first)
    ArticleAuthor.objects.create(article=article, user=second, position=1)
    for user in (first, second):
        page = AuthorProfile.objects.get(user=user).get_absolute_url()
        assert client.get(page).status_code == 200


def test_the_editor_changes_the_slug_in_the_profile_admin(client, staff):
    make_article(author=staff["journalist"])
    profile = AuthorProfile.objects.get(user=staff["journalist"])
    client.force_login(staff["editor"])
    change = reverse("admin:articles_authorprofile_change", args=[profile.pk])
    response = client.post(change, {"user": staff["journalist"].pk, "slug": "ريم", "bio": ""})
    assert response.status_code == 302
    client.logout()
    assert client.get(quote("/author/ريم/")).status_code == 200


def test_the_old_username_address_redirects_for_a_published_author(client):
    user = make_user(username="reem", first_name="ريم", last_name="الصالح")
    make_article(author=user)
    response = client.get("/author/reem/")
    assert response.status_code == 301
    assert unquote(response.headers["Location"]) == "/author/ريم-الصالح/"


@pytest.mark.parametrize(
    "setup",
    [
        lambda: None,  # nobody by that login
        lambda: make_user(username="nora", first_name="نورة"),  # staff, nothing published
        lambda: make_article(author=make_user(username="nora"), status=Article.Status.DRAFT),
    ],
)
def test_the_old_username_address_is_a_plain_404_otherwise(client, setup):
    setup()
    response = client.get("/author/nora/")
    assert response.status_code == 404
    assert "Location" not in response.headers


def test_a_slug_wins_over_a_login_name(client):
    # Someone whose login name is another author's slug: the slug's page is shown.
    author = make_user(username="writer1", first_name="Sara")
    make_article(author=author, title="خبر سارة")
    other = make_user(username="sara")
    make_article(author=other, title="خبر آخر")
    assert AuthorProfile.objects.get(user=author).slug == "sara"
    response = client.get("/author/sara/")
    assert response.status_code == 200
    assert "خبر سارة" in response.content.decode()


def test_bylines_json_ld_feeds_and_sitemap_use_the_slug(client):
    first = make_user(username="reem", first_name="ريم", last_name="الصالح")
    second = make_user(username="omar", first_name="عمر", last_name="حداد")
    article = make_article(author=first)
    ArticleAuthor.objects.create(article=article, user=second, position=1)
    page = parse(client.get(article.get_absolute_url()).content)
    hrefs = [unquote(a.attrs["href"]) for a in page.find_all("a", rel="author")]
    assert hrefs == ["/author/ريم-الصالح/", "/author/عمر-حداد/"]
    scripts = page.find_all("script", type="application/ld+json")
    news = next(d for d in (json.loads(s.text) for s in scripts) if d["@type"] == "NewsArticle")
    assert [unquote(p["url"]).split("/author/")[1] for p in news["author"]] == [
        "ريم-الصالح/",
        "عمر-حداد/",
    ]
    atom = client.get(reverse("articles:feed-atom")).content.decode()
    assert "/author/reem/" not in atom
    assert "ريم-الصالح" in unquote(atom)
    sitemap = unquote(client.get("/sitemap-authors.xml").content.decode())
    assert "/author/ريم-الصالح/" in sitemap
    assert "/author/عمر-حداد/" in sitemap
    everything = sitemap + unquote(atom) + str(page)
    assert "/author/reem" not in everything
    assert "/author/omar" not in everything


def test_wordpress_author_query_follows_the_same_rule(client):
    """/?author=N is only a redirect the importer stored, for authors with published work:
    without one it is a 404, never the home page (tests/wordpress/test_import.py)."""
    assert client.get("/", {"author": "1"}).status_code == 404


def test_the_migration_gives_every_existing_author_a_slug():
    # Run here on the live models: the migration's function with the app registry.
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    migration = import_module("articles.migrations.0014_author_slugs")
    user = make_user(username="khaled", first_name="خالد", last_name="المطيري")
    article = make_article(author=user)
    AuthorProfile.objects.filter(user=user).delete()
    Article.objects.filter(pk=article.pk).update(author=user)
    migration.fill_slugs(apps, connection.schema_editor())
    assert AuthorProfile.objects.get(user=user).slug == "خالد-المطيري"


def test_seed_demo_authors_get_slugs_from_their_arabic_names(client):
    call_command("seed_demo", stdout=io.StringIO())
    slugs = set(AuthorProfile.objects.values_list("slug", flat=True))
    assert {"ريم-الصالح", "خالد-المطيري"} <= slugs
    assert client.get(quote("/author/ريم-الصالح/")).status_code == 200
    assert client.get("/author/journalist/").status_code == 301
