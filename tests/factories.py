"""Tiny factories: only the required fields, unique slugs, everything overridable."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category
from comments.models import Comment
from newsroom.roles import install_roles

_sequence = itertools.count(1)


def make_user(*, permissions=(), groups=(), **fields):
    """A staff user; `groups` are role names (Journalists, Editors, Moderators: the roles
    migration creates them), `permissions` dotted names given to the user directly."""
    n = next(_sequence)
    defaults = {"username": f"user{n}", "email": f"user{n}@example.com", "is_staff": True}
    password = fields.pop("password", "pw")
    user = get_user_model().objects.create_user(password=password, **{**defaults, **fields})
    if groups:
        user.groups.add(*Group.objects.filter(name__in=groups))
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_category(**fields):
    n = next(_sequence)
    return Category.objects.create(**{"name": f"قسم {n}", "slug": f"قسم-{n}", **fields})


def make_article(**fields):
    n = next(_sequence)
    defaults = {
        "title": f"خبر رقم {n}",
        "slug": f"خبر-{n}",
        "body": "<p>نص الخبر الأول.</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1),
    }
    if "category" not in fields:
        defaults["category"] = make_category()
    return Article.objects.create(**{**defaults, **fields})


# The demo newsroom's three staff members (as seed_demo names them), one per role.
STAFF = {
    "journalist": {"first_name": "ريم", "last_name": "الصالح", "groups": ["Journalists"]},
    "editor": {"first_name": "خالد", "last_name": "المطيري", "groups": ["Editors"]},
    "moderator": {"first_name": "نورة", "last_name": "الشمري", "groups": ["Moderators"]},
}


def make_staff():
    """journalist, editor and moderator: staff users in the groups of the roles migration
    (installed again if a transactional test's flush emptied the tables since)."""
    install_roles()
    return {
        username: make_user(username=username, email=f"{username}@example.com", **fields)
        for username, fields in STAFF.items()
    }


def make_comment(article, **fields):
    n = next(_sequence)
    parent = fields.get("parent")
    defaults = {
        "author_name": f"قارئ {n}",
        "author_email": f"reader{n}@example.com",
        "content": f"تعليق رقم {n}",
        "status": Comment.Status.APPROVED,
        "depth": parent.depth + 1 if parent else 1,
        "ip": "192.0.2.1",
    }
    comment = Comment.objects.create(article=article, **{**defaults, **fields})
    comment.store_html()  # as comments.actions stores every comment it creates
    return comment


# What a reader types into the form (field names are a contract: docs/architecture.md).
COMMENT_FORM = {
    "comment": "مقال ممتاز، شكراً للكاتب.",
    "author": "أبو خالد",
    "email": "abukhaled@example.com",
    "url": "",
    "comment_parent": "0",
}


def post_comment(client, article, *, ip="127.0.0.1", **changes):
    """Post the reader's form; a field set to None is left out, HTTP_* names are headers."""
    headers = {key: value for key, value in changes.items() if key.startswith("HTTP_")}
    # A browser posting from the article page sends its origin (newsroom/origin.py).
    headers.setdefault("HTTP_ORIGIN", "http://testserver")
    fields = {key: value for key, value in changes.items() if key not in headers}
    data = {key: value for key, value in {**COMMENT_FORM, **fields}.items() if value is not None}
    return client.post(
        reverse("comments:post", kwargs={"article_id": article.pk}),
        data,
        REMOTE_ADDR=ip,
        **headers,
    )
