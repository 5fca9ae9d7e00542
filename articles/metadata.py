"""Structured data (schema.org JSON-LD) for search engines: NewsArticle and BreadcrumbList on
articles, WebSite with its search on the home page. Plain dicts; templates serialise them."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article, author_url
from newsroom.site import absolute, display_name

HEADLINE_LIMIT = 110  # Google truncates longer headlines in rich results
LOGO = ("icons/publisher-logo.png", 600, 60)
DEFAULT_IMAGE = "icons/social-default.png"


def publisher() -> dict:
    path, width, height = LOGO
    return {
        "@type": "NewsMediaOrganization",
        "name": _("Newsroom"),
        "url": absolute(reverse("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static(path)),
            "width": width,
            "height": height,
        },
    }


def authors(article: Article) -> list[dict]:
    """Every byline in order, or the publisher for an unsigned article."""
    people = article.authors
    if not people:
        return [publisher()]
    return [person(user) for user in people]


def person(user) -> dict:
    found = {"@type": "Person", "name": display_name(user)}
    url = author_url(user)
    if url:
        found["url"] = absolute(url)
    return found


def news_article(article: Article) -> dict:
    url = absolute(article.get_absolute_url())
    image = absolute(article.image.url) if article.image else absolute(static(DEFAULT_IMAGE))
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:HEADLINE_LIMIT],
        "description": article.lead or article.excerpt[:300],
        "image": [image],
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat(),
        "author": authors(article),
        "publisher": publisher(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "inLanguage": "ar",
        "articleSection": article.category.name,
    }


def breadcrumbs(article: Article) -> dict:
    trail = [
        (_("Home"), reverse("articles:home")),
        (article.category.name, article.category.get_absolute_url()),
        (article.title, article.get_absolute_url()),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": absolute(path)}
            for n, (name, path) in enumerate(trail, 1)
        ],
    }


def website() -> dict:
    search = absolute(reverse("articles:search"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": _("Newsroom"),
        "url": absolute(reverse("articles:home")),
        "inLanguage": "ar",
        "publisher": publisher(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
