from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles.models import Article, Category, Correction, ImageRendition
from comments.models import Comment

pytestmark = pytest.mark.django_db


def counts():
    return {
        "categories": Category.objects.count(),
        "articles": Article.objects.count(),
        "published": Article.objects.published().count(),
        "comments": Comment.objects.count(),
        "groups": Group.objects.count(),
        "users": get_user_model().objects.count(),
        "renditions": ImageRendition.objects.count(),
        "corrections": Correction.objects.count(),
        "breaking": list(Article.objects.breaking().values_list("pk", "breaking_until")),
    }


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=None)
    first = counts()
    call_command("seed_demo")
    assert counts() == first


def test_seed_demo_creates_a_real_newspaper():
    call_command("seed_demo")
    assert Category.objects.count() >= 5
    assert Article.objects.count() >= 15
    assert Article.objects.published().count() >= 14
    assert Comment.objects.filter(depth__gte=4).exists(), "some threads go several levels deep"
    assert Article.objects.filter(see_also__isnull=False).exists()
    assert not Article.objects.filter(image="").exists()
    assert not Article.objects.filter(image_alt="").exists()
    assert {"Journalists", "Editors", "Moderators"} <= set(
        Group.objects.values_list("name", flat=True)
    )
    for username, group in [
        ("journalist", "Journalists"),
        ("editor", "Editors"),
        ("moderator", "Moderators"),
    ]:
        user = get_user_model().objects.get(username=username)
        assert user.groups.filter(name=group).exists()
    editor = get_user_model().objects.get(username="editor")
    journalist = get_user_model().objects.get(username="journalist")
    assert editor.has_perm("articles.publish_article")
    assert not journalist.has_perm("articles.publish_article")
    assert journalist.has_perm("articles.add_article")


def test_seed_demo_shows_renditions_breaking_news_and_a_correction(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # the commit runs the queued tasks
        call_command("seed_demo")
    for article in Article.objects.all():
        formats = set(article.renditions.values_list("source", "format"))
        assert formats == {(article.image.name, "webp"), (article.image.name, "jpeg")}
    assert Article.objects.breaking().count() == 1
    corrected = Article.objects.get(corrections__isnull=False)
    assert corrected.updated_after_publication is not None


def test_without_debug_staff_accounts_get_random_passwords_printed_once(settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("seed_demo", stdout=out)
    printed = dict(
        line.strip().split(": ", 1) for line in out.getvalue().splitlines() if line[:2] == "  "
    )
    assert set(printed) == {"journalist", "editor", "moderator"}
    assert len(set(printed.values())) == 3
    for username, password in printed.items():
        assert len(password) >= 20
        user = get_user_model().objects.get(username=username)
        assert not user.check_password("newsroom-demo")
        assert user.check_password(password)
    assert "newsroom-demo" not in out.getvalue()

    again = StringIO()
    call_command("seed_demo", stdout=again)  # existing accounts keep theirs, nothing printed
    assert "  editor: " not in again.getvalue()
    assert get_user_model().objects.get(username="editor").check_password(printed["editor"])


def test_with_debug_on_the_quick_start_keeps_the_documented_password(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "newsroom-demo" in out.getvalue()
    assert get_user_model().objects.get(username="editor").check_password("newsroom-demo")
