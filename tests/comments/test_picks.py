"""Editor's picks: moderators feature and un-feature published comments through
comments.actions (history, the page caches told), from the desk's rows and its bulk actions;
a comment that stops being published stops being a pick. Picks show in an "اختيارات المحرر"
block above the thread, from the stored HTML (no extra query), with a badge in the thread, and
are marked in the comments feed."""

import feedparser
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments import actions
from comments.models import Comment, CommentEvent
from newsroom.signals import visible_comments_changed
from tests.factories import make_article, make_comment
from tests.html import parse

pytestmark = pytest.mark.django_db

Status = Comment.Status
Event = CommentEvent.Event
JSON = {"HTTP_ACCEPT": "application/json"}
PICKS = "اختيارات المحرر"
PICK_BADGE = "اختيار المحرر"


@pytest.fixture
def heard():
    sent = []

    def listen(sender, article_ids, **kwargs):
        sent.append(set(article_ids))

    visible_comments_changed.connect(listen, dispatch_uid="test-picks-heard")
    yield sent
    visible_comments_changed.disconnect(dispatch_uid="test-picks-heard")


@pytest.fixture
def moderator(staff):
    return staff["moderator"]


def events(comment):
    return [(e.event, e.actor_id) for e in comment.events.order_by("pk")]


def page(client, article):
    cache.clear()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return parse(response.text)


def test_featuring_writes_history_renders_the_badge_and_tells_the_caches(heard, moderator):
    comment = make_comment(make_article(), content="تعليق رصين")

    assert actions.perform(comment, "feature", by=moderator)

    comment.refresh_from_db()
    assert comment.featured_at is not None
    assert events(comment) == [(Event.FEATURED, moderator.pk)]
    assert heard == [{comment.article_id}]
    assert PICK_BADGE in comment.html["ar"]
    assert not actions.perform(comment, "feature", by=moderator)  # already a pick

    assert actions.perform(comment, "unfeature", by=moderator)
    comment.refresh_from_db()
    assert comment.featured_at is None
    assert events(comment)[-1] == (Event.UNFEATURED, moderator.pk)
    assert PICK_BADGE not in comment.html["ar"]
    assert len(heard) == 2


@pytest.mark.parametrize("status", [Status.PENDING, Status.SPAM, Status.TRASH])
def test_only_published_comments_can_be_featured(moderator, status, client):
    comment = make_comment(make_article(), status=status)
    assert not actions.perform(comment, "feature", by=moderator)
    comment.refresh_from_db()
    assert comment.featured_at is None
    client.force_login(moderator)
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    assert client.post(url, {"action": "feature"}, **JSON).status_code == 409


@pytest.mark.parametrize(("key", "status"), [("unapprove", "pending"), ("trash", "trash")])
def test_a_pick_that_stops_being_published_stops_being_a_pick(moderator, heard, key, status):
    comment = make_comment(make_article())
    actions.perform(comment, "feature", by=moderator)

    assert actions.perform(comment, key, by=moderator)

    comment.refresh_from_db()
    assert (comment.status, comment.featured_at) == (status, None)
    assert events(comment)[-1] == (Event.UNFEATURED, moderator.pk)
    assert PICK_BADGE not in comment.html["ar"]
    assert actions.perform(comment, "approve" if key == "unapprove" else "restore", by=moderator)
    comment.refresh_from_db()
    assert comment.featured_at is None  # not a pick again by itself


def test_readers_reports_that_hold_a_pick_unfeature_it(moderator, settings):
    settings.COMMENTS_REPORTS_TO_HOLD = 1
    comment = make_comment(make_article())
    actions.perform(comment, "feature", by=moderator)
    assert actions.report(comment, "spam", "", "reader-1")
    comment.refresh_from_db()
    assert (comment.status, comment.featured_at) == (Status.PENDING, None)


def test_the_desk_row_offers_feature_then_unfeature(client, moderator):
    comment = make_comment(make_article())
    client.force_login(moderator)
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])

    answer = client.post(url, {"action": "feature", "queue": "approved"}, **JSON).json()

    assert answer["changed"]
    assert answer["undo"] == "unfeature"
    buttons = parse(answer["actions_html"]).find_all("button", class_="row-action")
    assert [b.attrs["value"] for b in buttons] == ["unapprove", "spam", "trash", "unfeature"]
    changelist = parse(client.get(reverse("admin:comments_comment_changelist")).text)
    row = changelist.find("div", class_="desk-comment", data_id=str(comment.pk))
    assert row.find(class_="desk-badge--pick").text == PICK_BADGE


def test_bulk_feature_and_unfeature_from_the_list(client, moderator, heard):
    article = make_article()
    chosen = [make_comment(article), make_comment(article)]
    waiting = make_comment(article, status=Status.PENDING)
    client.force_login(moderator)
    selected = [c.pk for c in [*chosen, waiting]]
    changelist = reverse("admin:comments_comment_changelist")

    response = client.post(changelist, {"action": "feature", "_selected_action": selected})

    assert response.status_code == 302
    assert set(Comment.objects.exclude(featured_at=None).values_list("pk", flat=True)) == {
        c.pk for c in chosen
    }
    assert heard == [{article.pk}]  # one signal for the whole batch
    client.post(changelist, {"action": "unfeature", "_selected_action": selected})
    assert not Comment.objects.exclude(featured_at=None).exists()


def test_picks_show_above_the_thread_with_a_badge_in_it(client, moderator):
    article = make_article()
    first = make_comment(article, content="أول تعليق")
    picked = make_comment(article, content="تعليق مختار بعناية")
    reply = make_comment(article, parent=first, content="رد مختار")
    assert page(client, article).find(class_="comments__picks") is None
    actions.perform(picked, "feature", by=moderator)
    actions.perform(reply, "feature", by=moderator)

    html = page(client, article)

    block = html.find("section", class_="comments__picks")
    assert block.find("h3").text == PICKS
    items = block.find_all("li", class_="comment--pick")
    assert [item.attrs["id"] for item in items] == [f"pick-{reply.pk}", f"pick-{picked.pk}"]
    assert "تعليق مختار بعناية" in items[1].text
    assert items[1].find("a", class_="comment__goto").attrs["href"] == f"#comment-{picked.pk}"
    in_thread = html.find(id=f"comment-{picked.pk}")
    assert in_thread.find(class_="comment__badge--pick").text == PICK_BADGE
    assert (
        html.find(id=f"comment-{first.pk}").find("article").find(class_="comment__badge--pick")
        is None
    )
    ids = [el.attrs["id"] for el in html.iter() if "id" in el.attrs]
    assert len(ids) == len(set(ids))  # the copy above the thread repeats no id
    text = client.get(article.get_absolute_url()).text
    assert text.index("comments__picks") < text.index('class="comment-list"')


def test_picks_cost_no_query(client, moderator, django_assert_num_queries):
    """The article page's query count is unchanged by picks: they come from the thread's one
    query and the stored HTML."""
    article = make_article()
    comments = [make_comment(article) for _ in range(5)]
    cache.clear()
    with CaptureQueriesContext(connection) as without:
        client.get(article.get_absolute_url())
    for comment in comments[:3]:
        actions.perform(comment, "feature", by=moderator)
    cache.clear()
    with django_assert_num_queries(len(without.captured_queries)):
        response = client.get(article.get_absolute_url())
    assert response.text.count('class="comment comment--pick"') == 3


def test_the_feed_marks_picks(client, moderator):
    article = make_article()
    plain = make_comment(article, author_name="سعاد")
    picked = make_comment(article, author_name="منير")
    actions.perform(picked, "feature", by=moderator)

    feed = feedparser.parse(client.get(f"/comments/feed/{article.pk}/").content)

    titles = {entry.link.rsplit("#", 1)[1]: entry for entry in feed.entries}
    mine = titles[f"comment-{picked.pk}"]
    assert mine.title == "اختيار المحرر: بقلم منير"
    assert [tag.term for tag in mine.tags] == [PICKS]
    assert titles[f"comment-{plain.pk}"].title == "بقلم سعاد"
    assert not titles[f"comment-{plain.pk}"].get("tags")
