from django.apps import AppConfig
from django.conf import settings
from django.db.backends.signals import connection_created
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles import events, popularity
        from articles.models import Article
        from articles.search import register_sqlite_function, reindex_renamed_author
        from newsroom import pagecache

        connection_created.connect(register_sqlite_function, dispatch_uid="articles.search.sqlite")
        # A renamed author: the search vectors of their articles carry their name.
        post_save.connect(
            reindex_renamed_author,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="articles.search.author",
        )
        events.connect()  # model changes become the domain signals of newsroom/signals.py
        # A scheduled article's minute and the end of a breaking-news run change pages by time.
        pagecache.register_timed_change(Article.objects.next_timed_change)
        # The most-read block turns over each minute: a fragment of its own, not a new page.
        pagecache.register_fragment("most-read", popularity.most_read_block)
