"""Fixtures of the comment desk's tests: the demo staff (journalist, editor, moderator)."""

import io

import pytest
from django.core.management import call_command

from comments.models import Comment


@pytest.fixture
def staff(django_user_model, settings):
    """The demo groups and users; the demo comments are removed so every count is ours."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    call_command("seed_demo", stdout=io.StringIO())
    Comment.objects.all().delete()
    return {
        name: django_user_model.objects.get(username=name)
        for name in ("journalist", "editor", "moderator")
    }


@pytest.fixture
def moderator_client(client, staff):
    client.force_login(staff["moderator"])
    return client
