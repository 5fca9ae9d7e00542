from django import template

from articles.models import Category

register = template.Library()


@register.inclusion_tag("articles/_nav.html", takes_context=True)
def category_nav(context):
    category = context.get("category")
    article = context.get("article")
    current = category.slug if category else (article.category.slug if article else "")
    return {"categories": Category.objects.all(), "current": current}
