"""The articles admin, by role: articles and their workflow (article.py, with its form in forms.py
and its own pages in pages.py), sections and tags (taxonomy.py), journalists' pages (people.py),
old addresses that redirect (redirects.py), static pages (site_pages.py)."""

from articles.admin import (  # noqa: F401 (registers the model admins)
    article,
    people,
    redirects,
    site_pages,
    taxonomy,
)
