"""Article cards and pictures as HTML, built in Python.

A front page shows about fifty cards. Through the template engine each one cost as much as
the page's queries together (an include, a dozen variable lookups, filters, an inclusion tag
for the picture); these functions write the same markup directly. The templates call them
through the `article_card` and `article_picture` tags (articles/templatetags/articles.py).
Everything that comes from the database is escaped here, as the templates did.
"""

from functools import lru_cache

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatewords
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name, template_localtime
from django.utils.translation import get_language

from articles.images import picture_for
from newsroom import numerals

# Width of the image slot for each place an article image appears, for the browser to pick a
# rendition before layout (static/css/site.css: .wrap is 72rem, .story is 42rem).
PICTURE_SIZES = {
    "lead": "(min-width: 44rem) 42rem, calc(100vw - 2rem)",
    "front": "(min-width: 74rem) 48rem, (min-width: 48rem) 64vw, calc(100vw - 2rem)",
    "card": "(min-width: 74rem) 17rem, (min-width: 34rem) 45vw, calc(100vw - 2rem)",
    "thumb": "8rem",
}
EAGER_PLACES = ("lead", "front")  # above the fold: load first, never lazily
LEAD_WORDS = 40


def picture_html(article, place: str = "card", alt: str | None = None) -> SafeString:
    """An article's image as <picture> with srcset and sizes (empty without an image)."""
    picture = picture_for(article)
    if picture is None:
        return mark_safe("")
    alt = article.image_alt if alt is None else alt
    sizes = PICTURE_SIZES[place]
    if place in EAGER_PLACES:
        loading = mark_safe('fetchpriority="high"')
    else:
        loading = mark_safe('loading="lazy" decoding="async"')
    if not picture.webp_srcset:
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" {}>',
            picture.src,
            picture.width,
            picture.height,
            alt,
            loading,
        )
    return format_html(
        '<picture>\n  <source type="image/webp" srcset="{}" sizes="{}">\n'
        '  <img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" {}>\n</picture>',
        picture.webp_srcset,
        sizes,
        picture.src,
        picture.jpeg_srcset,
        sizes,
        picture.width,
        picture.height,
        alt,
        loading,
    )


def card_html(article, variant: str = "", level: int = 3, show_category: bool = False):
    """One card: `variant` is "lead" (the front page's top story), "compact" (no image, no
    lead) or empty; `level` the heading level; `show_category` adds the section's name."""
    url = article.get_absolute_url()
    parts = [
        format_html(
            '<article class="card{}" dir="auto">\n  ', f" card--{variant}" if variant else ""
        )
    ]
    if article.image and variant != "compact":
        place = "front" if variant == "lead" else "card"
        parts.append(
            format_html(
                '\n    <a class="card__image" href="{}" tabindex="-1" aria-hidden="true">\n'
                "      {}\n    </a>\n  ",
                url,
                picture_html(article, place, alt=""),
            )
        )
    parts.append("\n  ")
    if show_category:
        category = article.category
        parts.append(
            format_html(
                '<a class="kicker" dir="auto" href="{}">{}</a>',
                category.get_absolute_url(),
                category.name,
            )
        )
    level = level or 3
    parts.append(
        format_html(
            '\n  <h{} class="card__title"><a href="{}">{}</a></h{}>\n  ',
            level,
            url,
            article.title,
            level,
        )
    )
    if variant != "compact" and article.lead:
        parts.append(
            format_html('<p class="card__lead">{}</p>', truncatewords(article.lead, LEAD_WORDS))
        )
    language = get_language()
    machine, shown = _dates(
        article.published_at,
        language,
        get_current_timezone_name(),
        numerals.arabic_indic(language),
    )
    parts.append(
        format_html(
            '\n  <time class="card__date" datetime="{}">{}</time>\n</article>\n', machine, shown
        )
    )
    return mark_safe("".join(parts))


@lru_cache(maxsize=4096)
def _dates(moment, language, timezone_name, arabic_indic=False):
    """The card's date for machines and for readers, in the active language, time zone and
    digits (all in the key: the formats, the local time and the digits depend on them)."""
    if moment is None:
        return "", ""
    local = template_localtime(moment)
    shown = date_filter(local, "SHORT_DATETIME_FORMAT")
    return date_filter(local, "c"), numerals.to_arabic_indic(shown) if arabic_indic else shown
