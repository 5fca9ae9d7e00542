"""Article cards and pictures as HTML, built in Python.

A front page shows about fifty cards. Through the template engine each one cost as much as
the page's queries together (an include, a dozen variable lookups, filters, an inclusion tag
for the picture); these functions write the same markup directly. The templates call them
through the `article_card` and `article_picture` tags (articles/templatetags/articles.py).
Everything that comes from the database is escaped here, as the templates did.
"""

from functools import lru_cache
from html import escape

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatewords
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name, template_localtime
from django.utils.translation import get_language

from articles.images import picture_for
from newsroom import numerals
from newsroom.lru import byte_bounded_cache

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


def _e(value) -> str:
    """Django's conditional_escape without its lazy-string wrapper (fifty cards a page make
    that wrapper a measurable cost): safe strings as they are, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def card_html(article, variant: str = "", level: int = 3, show_category: bool = False):
    """One card: `variant` is "lead" (the front page's top story), "compact" (no image, no
    lead) or empty; `level` the heading level; `show_category` adds the section's name."""
    return mark_safe(_card(article, variant, level, show_category, _locale()))


def cards_html(articles, variant: str = "", level: int = 3, show_category: bool = False):
    """The cards of a list, one after the other: the language and time zone are read once."""
    locale = _locale()
    return mark_safe("".join(_card(a, variant, level, show_category, locale) for a in articles))


def _locale():
    language = get_language()
    return language, get_current_timezone_name(), numerals.arabic_indic(language)


def _card(article, variant, level, show_category, locale) -> str:
    url = _e(article.get_absolute_url())
    parts = [f'<article class="card{_e(f" card--{variant}") if variant else ""}" dir="auto">\n  ']
    if article.image and variant != "compact":
        place = "front" if variant == "lead" else "card"
        parts.append(
            f'\n    <a class="card__image" href="{url}" tabindex="-1" aria-hidden="true">\n'
            f"      {picture_html(article, place, alt='')}\n    </a>\n  "
        )
    parts.append("\n  ")
    if show_category:
        category = article.category
        parts.append(
            f'<a class="kicker" dir="auto" href="{_e(category.get_absolute_url())}">'
            f"{_e(category.name)}</a>"
        )
    level = _e(level or 3)
    parts.append(
        f'\n  <h{level} class="card__title"><a href="{url}">{_e(article.title)}</a></h{level}>\n  '
    )
    if variant != "compact" and article.lead:
        parts.append(f'<p class="card__lead">{_e(_truncated(article.lead))}</p>')
    machine, shown = _dates(article.published_at, *locale)
    parts.append(
        f'\n  <time class="card__date" datetime="{_e(machine)}">{_e(shown)}</time>\n</article>\n'
    )
    return "".join(parts)


@byte_bounded_cache(2 * 1024 * 1024)
def _truncated(lead: str) -> str:
    """A card's lead cut to LEAD_WORDS words, as the truncatewords filter cuts it (kept per
    process by the lead's text: the same stories are on every page)."""
    return truncatewords(lead, LEAD_WORDS)


@lru_cache(maxsize=4096)
def _dates(moment, language, timezone_name, arabic_indic=False):
    """The card's date for machines and for readers, in the active language, time zone and
    digits (all in the key: the formats, the local time and the digits depend on them)."""
    if moment is None:
        return "", ""
    local = template_localtime(moment)
    shown = date_filter(local, "SHORT_DATETIME_FORMAT")
    return date_filter(local, "c"), numerals.to_arabic_indic(shown) if arabic_indic else shown
