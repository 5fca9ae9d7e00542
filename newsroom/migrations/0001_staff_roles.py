"""The staff roles (Journalists, Editors, Moderators) in every database: newsroom/roles.py."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from newsroom.roles import install_roles

    # Permissions are normally created by post_migrate, once every migration has run: create
    # those of the apps the roles use now, from the historical models.
    for label in ("articles", "comments"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # a historical app has none; create_permissions wants one
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    install_roles(apps)


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
