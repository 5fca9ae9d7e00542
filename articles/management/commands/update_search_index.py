"""Recompute every article's search vector (PostgreSQL), e.g. after a bulk update in SQL or a
change to how the document text is folded (migration 0008 runs the same rebuild)."""

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.search import index_articles, uses_full_text


class Command(BaseCommand):
    help = "Recompute the full-text search vector of every article (PostgreSQL only)."

    def handle(self, *args, **options):
        if not uses_full_text():
            self.stdout.write("SQLite searches the text directly: nothing to index.")
            return
        count = index_articles(Article.objects.all())
        self.stdout.write(f"Indexed {count} articles.")
