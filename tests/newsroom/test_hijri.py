from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from newsroom.templatetags.hijri import hijri
from tests.factories import make_article
from tests.html import parse


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 29), "19 جمادى الآخرة 1448 هـ"),
        (date(2025, 3, 1), "1 رمضان 1446 هـ"),
        (date(2024, 6, 16), "10 ذو الحجة 1445 هـ"),
        (date(2024, 7, 7), "1 محرم 1446 هـ"),
    ],
)
def test_hijri_date_with_arabic_month_names(day, expected):
    with translation.override("ar"):
        assert hijri(day) == expected


def test_hijri_date_in_english():
    with translation.override("en"):
        assert hijri(date(2025, 3, 1)) == "1 Ramadan 1446 AH"


def test_hijri_date_uses_the_local_day_of_an_aware_datetime():
    # 22:30 UTC on 28 February is already 1 March in Kuwait (UTC+3), the first of Ramadan.
    with translation.override("ar"):
        assert hijri(datetime(2025, 2, 28, 22, 30, tzinfo=UTC)) == "1 رمضان 1446 هـ"


def test_hijri_date_outside_the_tables_is_empty():
    assert hijri(date(1800, 1, 1)) == ""
    assert hijri(None) == ""


@pytest.mark.django_db
def test_hijri_dates_shown_only_when_the_setting_is_on(client, settings):
    article = make_article(published_at=datetime(2025, 3, 1, 9, tzinfo=UTC))
    settings.HIJRI_DATES = False
    assert parse(client.get(article.get_absolute_url()).content).find(class_="hijri") is None
    settings.HIJRI_DATES = True
    page = parse(client.get(article.get_absolute_url()).content)
    assert "1 رمضان 1446 هـ" in page.find("p", class_="story__meta").text
    assert page.find("p", class_="masthead__date").find(class_="hijri") is not None
