"""The Hijri (Umm al-Qura) date beside the Gregorian one, when settings.HIJRI_DATES is on."""

from datetime import date, datetime

from django import template
from django.utils import timezone, translation
from hijridate import Gregorian

register = template.Library()


@register.filter
def hijri(value: date | datetime | None) -> str:
    """`19 جمادى الآخرة 1448 هـ` in Arabic, `19 Jumada al-Akhirah 1448 AH` in English.

    Empty for no date, or for one outside the Umm al-Qura tables (1924–2077).
    """
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    language = "ar" if translation.get_language() == "ar" else "en"
    try:
        day = Gregorian(value.year, value.month, value.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    return f"{day.day} {day.month_name(language)} {day.year} {day.notation(language)}"


@register.simple_tag
def hijri_today() -> str:
    return hijri(timezone.localdate())
