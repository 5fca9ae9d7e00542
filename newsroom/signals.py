"""The domain signals: the only way the apps tell the project layer that readers' pages changed.

The apps send them from their actions (after the change, inside its transaction); the project
layer (the page cache, and a front proxy's purge) listens. A receiver must not assume the
transaction has committed: it defers its own work with ``transaction.on_commit`` if it needs to.
Receivers take ``**kwargs`` so that arguments can be added later.

    articles_changed          article_ids: a set of Article primary keys.
                              The public content of these articles changed: text, status, time,
                              image, tags, corrections, authors. Every page that lists or shows
                              them is out of date (home, sections, tags, authors, feeds, sitemaps).
    visible_comments_changed  article_ids: a set of Article primary keys.
                              A comment readers see appeared, changed or went away on these
                              articles: their pages and comment feeds are out of date, and no
                              other page is.
    navigation_changed        (no arguments)
                              What every page's furniture shows changed: sections, tags, author
                              pages, breaking news, footer links.
    rankings_changed          (no arguments)
                              The "most read" ranking turned over.
"""

from django.dispatch import Signal

articles_changed = Signal()
visible_comments_changed = Signal()
navigation_changed = Signal()
rankings_changed = Signal()
