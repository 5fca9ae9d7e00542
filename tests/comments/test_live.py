"""Live comments (comments/live.py, docs/comments.md "Live comments"): the JSON answer an open
article polls, shared by every reader through the page cache, a 304 or 0 queries when nothing
changed, and only approved comments of an article whose comments are open.

Transactional: the page cache hears of a change once it is committed (on_commit).
"""

import pytest
from django.test import Client
from django.urls import reverse

from comments import actions
from comments.models import Comment
from tests.factories import make_article, make_comment
from tests.html import parse

pytestmark = pytest.mark.django_db(transaction=True)

Status = Comment.Status


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def live(client, article, **headers):
    return client.get(reverse("comments:live", args=[article.pk]), headers=headers)


def ids(response):
    return [item["id"] for item in response.json()["comments"]]


def test_an_approved_comment_changes_the_answer(client):
    article = make_article()
    first = make_comment(article, content="أول تعليق")
    before = live(client, article)
    assert before.status_code == 200
    assert ids(before) == [first.pk]
    item = before.json()["comments"][0]
    assert item["parent"] is None
    assert f'id="comment-{first.pk}"' in item["html"]
    assert "أول تعليق" in item["html"]

    waiting = make_comment(article, status=Status.PENDING, content="ينتظر المراجعة")
    reply = make_comment(article, status=Status.PENDING, parent=first, content="رد جديد")
    assert live(client, article)["ETag"] == before["ETag"]  # a pending comment changes nothing

    actions.perform(reply, "approve", by=None)
    after = live(client, article)
    assert after["ETag"] != before["ETag"]
    assert ids(after) == [first.pk, reply.pk]
    assert after.json()["comments"][1]["parent"] == first.pk
    assert "رد جديد" in after.json()["comments"][1]["html"]
    assert waiting.pk not in ids(after)
    assert "ينتظر المراجعة" not in after.content.decode()


def test_only_approved_comments_are_listed(client):
    article = make_article()
    shown = make_comment(article)
    for status in (Status.PENDING, Status.SPAM, Status.TRASH):
        make_comment(article, status=status)
    assert ids(live(client, article)) == [shown.pk]


def test_an_unchanged_poll_is_a_304_and_costs_no_query(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    article = make_article()
    make_comment(article)
    # Made once per generation: the article, the comments (and the page cache's look-ups of
    # the next timed change, which it keeps per site generation).
    with django_assert_max_num_queries(4):
        first = live(client, article)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = live(client, article, if_none_match=first["ETag"])
    assert again.status_code == 304
    with django_assert_num_queries(0):
        hit = live(client, article)
    assert hit.status_code == 200
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == first.content


def test_the_answer_is_the_same_for_every_reader_and_shared_caches_may_keep_it(client):
    article = make_article()
    make_comment(article)
    response = live(client, article)
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    cache_control = response["Cache-Control"]
    assert cache_control.startswith("public")
    assert "s-maxage=" in cache_control
    assert "private" not in cache_control
    assert "no-store" not in cache_control
    assert response["Content-Type"] == "application/json"
    other = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Another reader")
    assert live(other, article).content == response.content


def test_unknown_unpublished_and_closed_articles_answer_quietly(client):
    missing = client.get(reverse("comments:live", args=[999999]))
    assert missing.status_code == 404
    assert missing.content == b""
    draft = make_article(status="draft")
    assert live(client, draft).status_code == 404
    closed = make_article(comments_open=False)
    make_comment(closed)
    gone = live(client, closed)
    assert gone.status_code == 410
    assert gone.content == b""


def test_the_article_page_has_the_live_bar_and_one_report_dialog(client):
    article = make_article()
    make_comment(article)
    make_comment(article)
    page = parse(client.get(article.get_absolute_url()).content)
    bars = page.find_all(id="comments-live")
    assert len(bars) == 1
    assert "hidden" in bars[0].attrs
    bar = bars[0].attrs
    assert bar["data-live-url"] == reverse("comments:live", args=[article.pk])
    assert bar["data-label-few"] == "# تعليقات جديدة — اعرضها"
    assert bar["data-label-many"] == "# تعليقًا جديدًا — اعرضها"
    assert bar["data-label-two"] == "تعليقان جديدان — اعرضهما"
    dialogs = page.find_all("dialog")
    assert len(dialogs) == 1
    assert dialogs[0].attrs["aria-labelledby"] == "report-dialog-title"
    reasons = [radio.attrs["value"] for radio in dialogs[0].find_all("input", name="reason")]
    assert reasons == ["spam", "offensive", "harassment", "misinformation", "other"]
    assert dialogs[0].find("textarea", name="details").attrs["maxlength"] == "500"


def test_a_closed_article_has_no_live_bar(client):
    article = make_article(comments_open=False)
    make_comment(article)
    page = parse(client.get(article.get_absolute_url()).content)
    assert page.find(id="comments-live") is None
    assert page.find("dialog") is not None  # its comments may still be reported


def test_reader_text_and_names_stay_inert_in_the_answer(client):
    article = make_article()
    make_comment(
        article,
        author_name='"><img src=x onerror=alert(1)>',
        content="<script>alert(1)</script> <b onclick=x>نص</b>",
    )
    html = live(client, article).json()["comments"][0]["html"]
    assert "<script" not in html
    assert "<img" not in html
    assert "<b onclick" not in html
    assert "&lt;script&gt;" in html
