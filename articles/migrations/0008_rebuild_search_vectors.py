"""Rebuild every article's stored search vector (PostgreSQL) with today's document text.

Vectors written before then glued the last word of a block to the first of the next
("…التطوير</h2><p>تستهدف…" was one word), kept one reading of a leading "ال", folded the hamza on
the line (ء) differently and left out the author's name. `manage.py update_search_index` does
the same at any time.
"""

from django.db import migrations


def rebuild_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite builds the document text at each search
    from articles.search import index_articles

    index_articles(apps.get_model("articles", "Article").objects.all())


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_listing_and_breaking_indexes")]

    operations = [migrations.RunPython(rebuild_search_vectors, migrations.RunPython.noop)]
