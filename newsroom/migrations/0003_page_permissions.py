"""Editors keep the static pages (articles/pages.py).

Frozen data, as in 0001: what this migration adds, whatever newsroom/roles.py says later.
"""

from importlib import import_module

from django.db import migrations

ADDED = {
    "Editors": [
        "articles.add_page",
        "articles.change_page",
        "articles.delete_page",
        "articles.view_page",
    ],
}


def add_permissions(apps, schema_editor):
    import_module("newsroom.migrations.0001_staff_roles").grant(apps, ADDED)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_notes_and_redirects_roles"),
        ("articles", "0015_pages"),
    ]

    # Going back leaves the groups alone, as 0001 does.
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
