"""Journalists and Editors read, write and resolve editors' notes; Editors keep the redirects.

Frozen data, as in 0001: what this migration adds, whatever newsroom/roles.py says later.
"""

from importlib import import_module

from django.db import migrations

ADDED = {
    "Journalists": [
        "articles.view_articlenote",
        "articles.add_articlenote",
        "articles.change_articlenote",
    ],
    "Editors": [
        "articles.view_articlenote",
        "articles.add_articlenote",
        "articles.change_articlenote",
        "articles.view_redirect",
        "articles.add_redirect",
        "articles.change_redirect",
        "articles.delete_redirect",
    ],
}


def add_permissions(apps, schema_editor):
    import_module("newsroom.migrations.0001_staff_roles").grant(apps, ADDED)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_staff_roles"),
        ("articles", "0013_article_notes"),
    ]

    # Going back leaves the groups alone, as 0001 does.
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
