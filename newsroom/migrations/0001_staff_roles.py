"""The staff roles (Journalists, Editors, Moderators) as they were first installed.

The data is frozen here, not read from newsroom/roles.py: a migration must install what it
installed the day it was written, whatever the roles become later (a permission of a model
that a later migration creates does not exist yet when this runs). Later changes of the roles
are later migrations, each with its own data; roles.py is the current table, and
tests/newsroom/test_roles.py checks that the migrations add up to it.
"""

from django.db import migrations

ROLES = {
    "Journalists": [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.view_category",
        "articles.add_tag",
        "articles.view_tag",
        "articles.view_authorprofile",
        "articles.change_authorprofile",
    ],
    "Editors": [
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.view_article",
        "articles.publish_article",
        "articles.add_category",
        "articles.change_category",
        "articles.view_category",
        "articles.add_tag",
        "articles.change_tag",
        "articles.delete_tag",
        "articles.view_tag",
        "articles.add_correction",
        "articles.change_correction",
        "articles.delete_correction",
        "articles.view_correction",
        "articles.add_authorprofile",
        "articles.change_authorprofile",
        "articles.view_authorprofile",
        "comments.view_comment",
        "comments.change_comment",
        "comments.delete_comment",
        "comments.moderate_comment",
        "comments.view_commentevent",
        "comments.view_moderationword",
        "comments.add_moderationword",
        "comments.change_moderationword",
        "comments.delete_moderationword",
    ],
    "Moderators": [
        "articles.view_article",
        "comments.view_comment",
        "comments.change_comment",
        "comments.moderate_comment",
        "comments.view_commentevent",
        "comments.view_moderationword",
        "comments.add_moderationword",
        "comments.change_moderationword",
        "comments.delete_moderationword",
    ],
}


def grant(apps, roles):
    """Create the groups (if missing) and add them these permissions, created first from the
    historical models (post_migrate creates them only after every migration has run)."""
    from django.contrib.auth.management import create_permissions

    labels = {dotted.split(".")[0] for names in roles.values() for dotted in names}
    for label in sorted(labels):
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # a historical app has none; create_permissions wants one
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, dotted_names in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        for dotted in dotted_names:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def create_roles(apps, schema_editor):
    grant(apps, ROLES)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0007_listing_and_breaking_indexes"),
        ("comments", "0008_desk_count_and_command_indexes"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    # Going back leaves the groups alone: people may have been added to them since.
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
