"""Moderators and Editors keep commenters' standing and the blocks, and read their history.

Frozen data, as in 0001: what this migration adds, whatever newsroom/roles.py says later.
"""

from importlib import import_module

from django.db import migrations

STANDING = [
    "comments.view_commenterstanding",
    "comments.add_commenterstanding",
    "comments.change_commenterstanding",
    "comments.view_commenterblock",
    "comments.add_commenterblock",
    "comments.change_commenterblock",
    "comments.delete_commenterblock",
    "comments.view_standingchange",
]

ADDED = {"Editors": STANDING, "Moderators": STANDING}


def add_permissions(apps, schema_editor):
    import_module("newsroom.migrations.0001_staff_roles").grant(apps, ADDED)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_page_permissions"),
        ("comments", "0013_commenter_standing"),
    ]

    # Going back leaves the groups alone, as 0001 does.
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
