"""The stored fragments rendered in bulk (dates and the report address worked out once per
batch) are byte for byte what the template gives alone (docs/comments.md, "Rendering")."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import defaultfilters
from django.test import override_settings
from django.utils import timezone, translation

from comments.models import Comment
from comments.rendering import (
    FRAGMENT_DATE_FORMAT,
    FragmentDates,
    language_codes,
    render_fragment_plainly,
    render_many_fragments,
)

KUWAIT = ZoneInfo("Asia/Kuwait")
BERLIN = ZoneInfo("Europe/Berlin")

MOMENTS = [
    datetime(2015, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2015, 1, 1, 0, 0, 30, 123456, tzinfo=UTC),  # same minute, seconds differ
    datetime(2019, 12, 31, 21, 30, tzinfo=UTC),  # a new year in Kuwait, not in UTC
    datetime(2020, 2, 29, 12, 5, tzinfo=KUWAIT),
    datetime(2021, 3, 28, 0, 59, 59, tzinfo=UTC),  # just before Berlin's clocks go forward
    datetime(2021, 3, 28, 1, 0, 0, tzinfo=UTC),  # and just after
    datetime(2021, 10, 31, 0, 30, tzinfo=UTC),  # Berlin's repeated hour, first time
    datetime(2021, 10, 31, 1, 30, tzinfo=UTC),  # and second time: same wall clock
    datetime(2024, 5, 9, 23, 59, tzinfo=UTC),
    datetime(2026, 11, 30, 9, 1, tzinfo=UTC),
] + [datetime(2023, m, 15, 13, 45, tzinfo=UTC) for m in range(1, 13)]  # every month name


def varied_comments() -> list[Comment]:
    comments = []
    for i, at in enumerate(MOMENTS):
        comments.append(
            Comment(
                pk=7 + i * 131,
                parent_id=7 if i % 4 == 3 else None,
                author_name=["سارة <b>", "Tom & Jerry", "فريق التحرير", 'O"Neil'][i % 4],
                author_url=["https://sara.example/?a=1&b=2", "", "javascript:x", ""][i % 4],
                content=f"نص {i} https://example.com/{i} <script>x</script>\n\nEnglish line.",
                created_at=at,
                by_staff=i % 5 == 2,
                featured_at=at + timedelta(days=1) if i % 6 == 1 else None,
                status=[Comment.Status.APPROVED, Comment.Status.PENDING][i % 2],
            )
        )
    return comments


def assert_batch_is_plain(comments):
    batch = render_many_fragments(comments)
    for comment, fragments in zip(comments, batch, strict=True):
        assert set(fragments) == set(language_codes())
        for code in language_codes():
            with translation.override(code):
                assert fragments[code] == render_fragment_plainly(comment), (code, comment.pk)


@pytest.mark.parametrize("zone", ["Asia/Kuwait", "Europe/Berlin", "UTC", "America/St_Johns"])
def test_a_batch_is_byte_for_byte_the_template_alone(zone):
    with override_settings(TIME_ZONE=zone):
        assert_batch_is_plain(varied_comments())


def test_one_comment_alone_is_the_template_alone():
    for comment in varied_comments()[:3]:
        assert_batch_is_plain([comment])


def test_the_batch_dates_are_the_date_filter_of_the_template_format():
    """If the template's format or a language's formats change, the batch follows or this fails."""
    moments = MOMENTS + [
        datetime(2000, 1, 1, tzinfo=UTC) + timedelta(minutes=97 * k) for k in range(0, 20000, 7)
    ]
    for zone in ("Asia/Kuwait", "Europe/Berlin"):
        with override_settings(TIME_ZONE=zone):
            for code in language_codes():
                with translation.override(code):
                    dates = FragmentDates()
                    for at in moments:
                        local = timezone.template_localtime(at)
                        expected = (
                            defaultfilters.date(local, "c"),
                            defaultfilters.date(local, FRAGMENT_DATE_FORMAT),
                        )
                        assert dates(at) == expected, (zone, code, at)


def test_arabic_dates_have_arabic_month_names():
    with translation.override("ar"):
        _iso, shown = FragmentDates()(datetime(2023, 2, 15, 10, 0, tzinfo=UTC))
    assert shown == "15 فبراير 2023، 13:00"


@pytest.mark.parametrize(
    "format_string", ["l j F Y، H:i", "D, N jS Y g:i a", r"\Y\e\s: Y-m-d H:i:s.u T O e", "r U"]
)
def test_any_format_is_what_the_filter_gives(format_string, settings):
    """Pieces that depend on seconds or the zone are worked out per datetime, not per minute
    (a format that names no setting is used as it is, by the filter and by FragmentDates)."""
    settings.TIME_ZONE = "Europe/Berlin"
    for code in language_codes():
        with translation.override(code):
            dates = FragmentDates(format_string)
            for at in MOMENTS:
                local = timezone.template_localtime(at)
                assert dates(at)[1] == defaultfilters.date(local, format_string), (code, at)


def test_a_comment_without_a_date_is_what_the_template_gives():
    comment = varied_comments()[0]
    comment.created_at = None
    assert_batch_is_plain([comment])
