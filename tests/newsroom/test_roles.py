"""The staff roles exist after `migrate` alone (no seed_demo): the test database is built by
migrate. pytest-django runs these before any transactional test's flush could empty the tables."""

from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from newsroom.roles import ROLES
from tests.factories import make_category, make_user

pytestmark = pytest.mark.django_db


def permissions_of(group):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_migrate_alone_creates_the_three_roles_with_their_permissions():
    groups = {group.name: group for group in Group.objects.all()}
    assert set(groups) >= {"Journalists", "Editors", "Moderators"}
    for name, permissions in ROLES.items():
        assert permissions_of(groups[name]) == set(permissions), name


def test_what_each_role_may_do():
    journalists, editors, moderators = (
        permissions_of(Group.objects.get(name=name))
        for name in ("Journalists", "Editors", "Moderators")
    )
    assert {"articles.add_article", "articles.change_article"} <= journalists
    assert "articles.publish_article" not in journalists
    assert "comments.moderate_comment" not in journalists
    assert {"articles.publish_article", "comments.moderate_comment"} <= editors
    assert "comments.moderate_comment" in moderators
    assert not {"articles.add_article", "articles.change_article"} & moderators


def test_a_staff_member_added_to_journalists_writes_but_cannot_publish(client):
    user = make_user(username="newcomer")  # staff, no permission of their own
    user.groups.add(Group.objects.get(name="Journalists"))
    client.force_login(user)
    category = make_category()
    form = {
        "title": "خبر من صحفي جديد",
        "slug": "خبر-من-صحفي-جديد",
        "category": category.pk,
        "lead": "موجز",
        "body": "<p>نص الخبر.</p>",
        "published_at_0": "",
        "published_at_1": "",
        "comments_open": "on",
    }
    add = reverse("admin:articles_article_add")

    response = client.post(add, {**form, "status": "published"})
    assert response.status_code == 200  # refused: the form comes back
    assert "status" in response.context["adminform"].form.errors
    assert not Article.objects.exists()

    assert client.post(add, {**form, "status": "draft"}).status_code == 302
    article = Article.objects.get()
    assert (article.author, article.status) == (user, Article.Status.DRAFT)
    assert not user.has_perm("articles.publish_article")


def test_the_roles_migrations_are_frozen_and_add_up_to_roles_py():
    """Each migration installs its own copy of what it adds (reading roles.py would, on a fresh
    database, ask for permissions of models later migrations create); together they are
    roles.py, so a change of ROLES needs a migration that adds it."""
    migrations = Path(settings.BASE_DIR) / "newsroom" / "migrations"
    for path in migrations.glob("0*.py"):
        assert "newsroom.roles" not in path.read_text(), path.name
    first = import_module("newsroom.migrations.0001_staff_roles").ROLES
    later = [
        import_module(f"newsroom.migrations.{name}").ADDED
        for name in (
            "0002_notes_and_redirects_roles",
            "0003_page_permissions",
            "0004_standing_roles",
        )
    ]
    together = {
        name: set(first.get(name, [])).union(*(added.get(name, []) for added in later))
        for name in ROLES
    }
    assert together == {name: set(permissions) for name, permissions in ROLES.items()}


def test_journalists_and_editors_work_with_notes_and_editors_keep_redirects():
    journalists, editors, moderators = (
        permissions_of(Group.objects.get(name=name))
        for name in ("Journalists", "Editors", "Moderators")
    )
    notes = {"articles.view_articlenote", "articles.add_articlenote", "articles.change_articlenote"}
    assert notes <= journalists
    assert notes <= editors
    assert not notes & moderators
    assert "articles.delete_articlenote" not in journalists | editors  # notes are kept
    assert "articles.change_redirect" in editors
    assert "articles.change_redirect" not in journalists
