from django import template

from articles.images import picture_for
from articles.models import Article, Category

register = template.Library()


@register.inclusion_tag("articles/_nav.html", takes_context=True)
def category_nav(context):
    category = context.get("category")
    article = context.get("article")
    current = category.slug if category else (article.category.slug if article else "")
    return {"categories": Category.objects.all(), "current": current}


# Width of the image slot for each place an article image appears, for the browser to pick a
# rendition before layout (static/css/site.css: .wrap is 72rem, .story is 42rem).
PICTURE_SIZES = {
    "lead": "(min-width: 44rem) 42rem, calc(100vw - 2rem)",
    "front": "(min-width: 74rem) 48rem, (min-width: 48rem) 64vw, calc(100vw - 2rem)",
    "card": "(min-width: 74rem) 17rem, (min-width: 34rem) 45vw, calc(100vw - 2rem)",
    "thumb": "8rem",
}


@register.inclusion_tag("articles/_picture.html")
def article_picture(article, place="card", alt=None):
    """An article's image as <picture> with srcset and sizes; `lead` and `front` load first."""
    return {
        "picture": picture_for(article),
        "alt": article.image_alt if alt is None else alt,
        "sizes": PICTURE_SIZES[place],
        "eager": place in ("lead", "front"),
    }


@register.inclusion_tag("articles/_breaking.html")
def breaking_bar():
    return {"breaking": list(Article.objects.breaking()[:3])}
