import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from articles import metadata
from articles.models import Category

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("articles/_nav.html", takes_context=True)
def category_nav(context):
    category = context.get("category")
    article = context.get("article")
    current = category.slug if category else (article.category.slug if article else "")
    return {"categories": Category.objects.all(), "current": current}


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
