from django import template

from articles import people
from articles.models import Article, Category

register = template.Library()


@register.inclusion_tag("articles/_nav.html", takes_context=True)
def category_nav(context):
    category = context.get("category")
    article = context.get("article")
    current = category.slug if category else (article.category.slug if article else "")
    return {"categories": Category.objects.all(), "current": current}


@register.filter
def display_name(user):
    """Staff by full name (articles/people.py)."""
    return people.display_name(user)


@register.inclusion_tag("admin/articles/_review_queue_notice.html", takes_context=True)
def review_queue_notice(context):
    """The admin index's "N articles wait for review" line, for editors."""
    if not context["request"].user.has_perm("articles.publish_article"):
        return {"show": False}
    return {"show": True, "count": Article.objects.in_review().count()}
