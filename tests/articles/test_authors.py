"""Author pages at /author/<slug>/ and the profiles behind them (the slugs themselves, and the
old /author/<username>/ addresses: test_author_slugs.py)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, AuthorProfile
from tests.articles.test_images import image_bytes
from tests.factories import make_article, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

REEM = "/author/%D8%B1%D9%8A%D9%85-%D8%A7%D9%84%D8%B5%D8%A7%D9%84%D8%AD/"  # ريم-الصالح


def test_author_page_url_is_the_reader_contract():
    assert reverse("articles:author", args=["ريم-الصالح"]) == REEM


def test_author_page_shows_name_bio_photo_and_only_published_work_paginated(client):
    author = make_user(username="reem", first_name="ريم", last_name="الصالح")
    profile = AuthorProfile.objects.create(user=author, bio="محررة في قسم المحليات.")
    profile.photo.save("reem.jpg", SimpleUploadedFile("reem.jpg", image_bytes(300, 300)))
    for _ in range(13):
        make_article(author=author)
    make_article(author=author, status=Article.Status.DRAFT, title="مسودة لم تنشر")
    make_article(author=make_user(), title="خبر لكاتب آخر")

    first = client.get(REEM)
    second = client.get(REEM, {"page": 2})

    assert first.status_code == 200
    page = parse(first.content)
    assert page.find("h1").text == "ريم الصالح"
    assert page.find("p", class_="author__bio").text == "محررة في قسم المحليات."
    photo = page.find("img", class_="author__photo")
    assert (photo.attrs["width"], photo.attrs["height"]) == ("300", "300")
    assert "ريم الصالح" in photo.attrs["alt"]
    assert len(first.context["articles"]) == 12
    assert len(second.context["articles"]) == 1
    assert parse(second.content).find("a", rel="prev") is not None
    both = first.content.decode() + second.content.decode()
    assert "مسودة لم تنشر" not in both
    assert "خبر لكاتب آخر" not in both


def test_author_without_a_profile_still_has_a_page(client):
    author = make_user(username="khaled", first_name="خالد", last_name="المطيري")
    make_article(author=author)
    response = client.get(author.author_profile.get_absolute_url())
    assert response.status_code == 200
    assert parse(response.content).find("h1").text == "خالد المطيري"


@pytest.mark.parametrize(
    "setup",
    [
        lambda: None,  # nobody by that name
        lambda: make_user(username="nora"),  # a moderator: staff, nothing published
        lambda: make_article(  # only a draft and a scheduled article
            author=make_user(username="nora"), status=Article.Status.DRAFT
        ),
    ],
)
def test_author_page_is_404_without_published_articles(client, setup):
    setup()
    assert client.get("/author/nora/").status_code == 404


def test_every_byline_links_to_the_author_page(client):
    author = make_user(username="reem", first_name="ريم", last_name="الصالح")
    article = make_article(author=author)
    byline = parse(client.get(article.get_absolute_url()).content).find("span", class_="byline")
    link = byline.find("a")
    assert link.attrs["rel"] == "author"
    assert link.attrs["href"] == REEM
    assert client.get(link.attrs["href"]).status_code == 200


@pytest.fixture
def staff(staff):
    """The staff of every role; the journalist and the editor have a profile with a bio and a
    photo, as the demo's have."""
    for n, name in enumerate(("journalist", "editor")):
        profile = AuthorProfile.objects.create(user=staff[name], bio=f"سيرة رقم {n}")
        profile.photo.save(f"{name}.jpg", ContentFile(image_bytes(320, 320)))
    return staff


def test_seed_demo_gives_the_demo_journalists_bios(client, django_user_model):
    call_command("seed_demo", stdout=io.StringIO())
    for name in ("journalist", "editor"):
        user = django_user_model.objects.get(username=name)
        assert user.author_profile.bio
        page = parse(client.get(user.author_profile.get_absolute_url()).content)
        assert page.find("p", class_="author__bio").text == user.author_profile.bio


def test_editors_keep_every_profile(client, staff):
    client.force_login(staff["editor"])
    profile = staff["journalist"].author_profile
    change = reverse("admin:articles_authorprofile_change", args=[profile.pk])
    response = client.post(change, {"user": staff["journalist"].pk, "bio": "سيرة جديدة"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.bio == "سيرة جديدة"


def test_journalists_edit_only_their_own_profile(client, staff):
    client.force_login(staff["journalist"])
    own = staff["journalist"].author_profile
    other = staff["editor"].author_profile
    changelist = client.get(reverse("admin:articles_authorprofile_changelist"))
    assert list(changelist.context["cl"].result_list) == [own]

    response = client.post(
        reverse("admin:articles_authorprofile_change", args=[own.pk]),
        {"user": staff["editor"].pk, "bio": "سيرتي"},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.user, own.bio) == (staff["journalist"], "سيرتي")  # the user cannot be changed
    other_change = reverse("admin:articles_authorprofile_change", args=[other.pk])
    assert client.get(other_change).status_code == 302  # "does not exist" → back to the index
    assert client.post(other_change, {"bio": "تخريب"}).status_code == 302
    other.refresh_from_db()
    assert other.bio != "تخريب"


def test_moderators_have_no_profile_screen(client, staff):
    client.force_login(staff["moderator"])
    assert client.get(reverse("admin:articles_authorprofile_changelist")).status_code == 403


def test_a_photo_that_is_not_an_image_is_refused(client, staff):
    client.force_login(staff["editor"])
    profile = staff["editor"].author_profile
    photo = profile.photo.name
    response = client.post(
        reverse("admin:articles_authorprofile_change", args=[profile.pk]),
        {
            "user": staff["editor"].pk,
            "bio": "سيرة",
            "photo": SimpleUploadedFile("me.jpg", b"<svg onload=alert(1)>"),
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"] == ["هذا الملف ليس صورة."]
    profile.refresh_from_db()
    assert profile.photo.name == photo
    assert get_user_model().objects.filter(username="editor").exists()
