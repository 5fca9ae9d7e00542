"""A trigram index on the folded search text, for the desk's search (`search_text LIKE '%…%'`),
which otherwise reads every comment. PostgreSQL only: on SQLite the migration does nothing."""

from django.db import migrations

INDEX = "comment_search_trgm_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON comments_comment "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("comments", "0014_reply_notifications")]

    operations = [migrations.RunPython(create, drop)]
