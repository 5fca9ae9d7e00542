"""The checker itself: it must see what a browser would run, or the corpus proves nothing."""

import pytest

from tests.security.inert import feed_problems, problems
from tests.security.xss_payloads import PAYLOADS

PAGE = "<!doctype html><html><head><title>t</title></head><body><p>{}</p><p>بعده</p></body></html>"


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="&#x6A;avascript:alert(1)">x</a>',
        '<a href=" &#1;JaVaScRiPt:alert(1)">x</a>',
        '<img srcset="x 1x, javascript:alert(1) 2x">',
        "<svg><a xlink:href=javascript:alert(1)>x</a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<meta http-equiv="Refresh" content="0;url=https://evil.example/">',
        "<template><img src=x onerror=alert(1)></template>",
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>',
        '<script type="application/ld+json">not json</script>',
        '<script src="/media/uploaded.js"></script>',
        '<b style="color:red">x</b>',
        "<b>\u202eهذا الاسم</b> كتب",
    ],
)
def test_the_checker_sees_what_a_browser_would_run(markup):
    assert problems(PAGE.format(markup)) != []


@pytest.mark.parametrize(
    "markup",
    [
        '<script src="/static/js/comments.js" defer></script>',
        '<script type="application/ld+json">{"headline": "\\u003c/script\\u003e"}</script>',
        "<bdi>\u202eاسم</bdi>",
        '<a href="https://example.com/?q=javascript:">x</a>',
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ],
)
def test_the_checker_lets_our_own_markup_and_escaped_text_pass(markup):
    assert problems(PAGE.format(markup)) == []


def test_nearly_every_payload_is_caught_when_a_page_forgets_to_escape_it():
    """Unescaped, the corpus would break a page: what it is made of is really dangerous."""
    caught = [
        payload
        for payload in PAYLOADS
        if problems(PAGE.format(payload))  # as text
        or problems(PAGE.format(f'<a href="{payload}">x</a>'))  # as a link
        or problems(PAGE.format(f"<b>{payload}</b> كتب"))  # as a name
    ]
    # The rest only bite in other contexts (single-quoted attributes, Markdown) or are decoys
    # that must stay harmless text (comments, CDATA, escaped entities, template syntax).
    assert len(caught) >= 115, len(caught)


def test_feeds_are_checked_inside_their_descriptions():
    rss = (
        "<rss><channel><item><description>&lt;img src=x onerror=alert(1)&gt;"
        "</description></item></channel></rss>"
    )
    assert feed_problems(rss.encode()) != []
    assert feed_problems(rss.replace("&lt;", "&amp;lt;").encode()) == []
