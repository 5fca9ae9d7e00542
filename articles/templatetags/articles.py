import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles import cards, metadata, models, pages, permissions, sharing
from articles.models import BREAKING_SHOWN, Article, Category
from newsroom import numerals, site

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("articles/_nav.html", takes_context=True)
def category_nav(context):
    """The sections' menu; a view that read the sections already passes `nav_categories`."""
    category = context.get("category")
    article = context.get("article")
    current = category.slug if category else (article.category.slug if article else "")
    categories = context.get("nav_categories")
    return {
        "categories": Category.objects.all() if categories is None else categories,
        "current": current,
    }


@register.inclusion_tag("articles/_footer_pages.html")
def footer_pages(cached_only=False):
    """The footer's links to the published static pages; `cached_only` on pages that must not
    query the database (the 500 page): then nothing unless the list is cached."""
    return {"pages": pages.published_pages(cached_only=cached_only) or [], "label": _("Site pages")}


def _json_ld(*documents) -> str:
    """<script type="application/ld+json"> blocks; <, > and & escaped as json_script does."""
    blocks = []
    for document in documents:
        data = json.dumps(document, ensure_ascii=False, cls=DjangoJSONEncoder)
        data = data.translate(_JSON_ESCAPES)
        blocks.append(f'<script type="application/ld+json">{data}</script>')
    return mark_safe("\n".join(blocks))  # the JSON is escaped for a script element above


@register.simple_tag
def article_structured_data(article):
    return _json_ld(metadata.news_article(article), metadata.breadcrumbs(article))


@register.simple_tag
def website_structured_data():
    return _json_ld(metadata.website())


@register.simple_tag
def article_picture(article, place="card", alt=None):
    """An article's image as <picture> with srcset and sizes; `lead` and `front` load first."""
    return cards.picture_html(article, place, alt)


@register.simple_tag
def article_card(article, variant="", level=3, show_category=False):
    """An article's card in a list (articles/cards.py)."""
    return cards.card_html(article, variant, level, show_category)


@register.simple_tag
def article_cards(articles, variant="", level=3, show_category=False):
    """The cards of a list of articles in one go (articles/cards.py)."""
    return cards.cards_html(articles, variant, level, show_category)


@register.inclusion_tag("articles/_breaking.html", takes_context=True)
def breaking_bar(context):
    """The breaking-news bar; a view that read those articles already passes
    `breaking_news`."""
    breaking = context.get("breaking_news")
    if breaking is None:
        breaking = list(Article.objects.breaking().for_lists()[:BREAKING_SHOWN])
    return {"breaking": breaking}


@register.filter
def author_url(user):
    """The address of a person's author page (articles.models.author_url), or ""."""
    return models.author_url(user) or ""


@register.filter
def display_name(user):
    """Staff as readers see them (newsroom.site.display_name)."""
    return site.display_name(user)


@register.inclusion_tag("admin/articles/_review_queue_notice.html", takes_context=True)
def review_queue_notice(context):
    """The admin index's "N articles wait for review" line, for editors."""
    if not permissions.can_publish(context["request"].user):
        return {"show": False}
    return {"show": True, "count": Article.objects.in_review().count()}


@register.filter(is_safe=True)
def digits(value):
    """The page's own numbers in the site's digits on Arabic pages (newsroom.numerals)."""
    return numerals.localize_digits(str(value))


@register.simple_tag
def share_links(article):
    """The article's share links, network by network (articles/sharing.py)."""
    return sharing.share_links(article)


@register.simple_tag
def share_url(article, source):
    """The article's canonical address as shared through `source` (articles/sharing.py)."""
    return sharing.article_url(article, source)
