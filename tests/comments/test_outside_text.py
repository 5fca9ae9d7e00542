"""An answer from outside (Akismet) holding NUL or control characters is stored escaped and
logged; the reader still gets the redirect (PostgreSQL refuses NUL in jsonb and text)."""

import logging

import pytest

from comments.models import Comment, CommentEvent
from newsroom.text import clean_outside_text
from tests.factories import make_article, post_comment

pytestmark = pytest.mark.django_db

HOSTILE = "maintenance\x00\x1b[2J\r\nforged log line\u2028end"


def test_control_characters_are_escaped_and_the_length_capped():
    assert clean_outside_text("a\x00b\x1bc\td\ne\x7f\x85\u2028") == (
        "a\\x00b\\x1bc\td\\x0ae\\x7f\\x85\\u2028"
    )
    assert clean_outside_text("نص عربي") == "نص عربي"
    assert len(clean_outside_text("\x00" * 1000)) == 300


def test_a_nul_in_the_akismet_answer_is_stored_escaped(client, akismet, settings, caplog):
    settings.POST_BURST_LIMIT = 0
    settings.COMMENTS_FLOOD_SECONDS = 0  # three readers' posts in a row, from one test address
    akismet.mode = "garbage"
    akismet.garbage_body = HOSTILE
    article = make_article()
    with caplog.at_level(logging.WARNING):
        statuses = [
            post_comment(client, article, comment=f"تعليق {n}").status_code for n in range(3)
        ]
    assert statuses == [302, 302, 302]
    assert Comment.objects.count() == 3
    details = list(
        CommentEvent.objects.filter(event=CommentEvent.Event.CHECK_ERROR).values_list(
            "detail", flat=True
        )
    )
    assert len(details) == 3
    for detail in details:
        text = str(detail)
        assert not {"\x00", "\x1b", "\r", "\n"} & set(text)
        assert "\\x00" in text
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "\\x00" in logged
    assert not {"\x00", "\x1b", "\r", "\n"} & set(logged)
