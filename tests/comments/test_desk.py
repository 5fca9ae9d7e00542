"""The desk's pages: one-click row actions (JSON and plain POST), permissions, staff replies,
emptying spam and trash, counts that agree with the list, "check for spam", folded search."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from comments import actions
from comments.models import Comment, CommentEvent
from comments.states import Verdict
from tests.factories import make_article, make_comment
from tests.html import parse

pytestmark = pytest.mark.django_db

Status = Comment.Status
CHANGELIST = reverse("admin:comments_comment_changelist")
JSON = {"HTTP_ACCEPT": "application/json"}


def moderate_url(comment):
    return reverse("admin:comments_comment_moderate", args=[comment.pk])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- row actions ------------------------------------------------------------------------------


def test_every_row_offers_its_actions_as_one_click_buttons(moderator_client):
    article = make_article()
    pending = make_comment(article, status=Status.PENDING)
    approved = make_comment(article, status=Status.APPROVED)
    page = parse(moderator_client.get(CHANGELIST).content)
    form = page.find("form", id="desk-action-form")
    assert form.attrs["method"] == "post"
    assert form.find("input", name="csrfmiddlewaretoken") is not None
    rows = {int(div.attrs["data-id"]): div for div in page.find_all("div", class_="desk-comment")}
    offered = {
        pk: [b.attrs["value"] for b in div.find_all("button", class_="row-action")]
        for pk, div in rows.items()
    }
    assert offered == {
        pending.pk: ["approve", "spam", "trash"],
        approved.pk: ["unapprove", "spam", "trash", "feature"],
    }
    button = rows[pending.pk].find("button", value="approve")
    assert button.attrs["form"] == "desk-action-form"
    assert button.attrs["formaction"] == moderate_url(pending)
    reply = rows[pending.pk].find("a", class_="row-action--reply")
    assert reply.attrs["data-reply-url"] == reverse(
        "admin:comments_comment_reply", args=[pending.pk]
    )


def test_spam_and_trash_rows_offer_delete(moderator_client):
    article = make_article()
    trashed = make_comment(article, status=Status.TRASH)
    page = parse(moderator_client.get(f"{CHANGELIST}?status=trash").content)
    row = page.find("div", class_="desk-comment", data_id=str(trashed.pk))
    assert [b.attrs["value"] for b in row.find_all("button")] == ["restore", "delete"]
    assert row.find("a", class_="row-action--reply") is None


def test_a_plain_post_acts_and_returns_to_the_list(moderator_client, staff):
    comment = make_comment(make_article(), status=Status.PENDING)
    back = f"{CHANGELIST}?status=pending"
    response = moderator_client.post(
        moderate_url(comment), {"action": "approve", "next": back, "queue": "pending"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == back
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.events.get(event="status-approved").actor == staff["moderator"]


def test_next_pointing_elsewhere_is_ignored(moderator_client):
    comment = make_comment(make_article(), status=Status.PENDING)
    response = moderator_client.post(
        moderate_url(comment), {"action": "approve", "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == reverse(
        "admin:comments_comment_change", args=[comment.pk]
    )


def test_json_answer_redraws_the_row_and_the_counts(moderator_client):
    article = make_article()
    comment = make_comment(article, status=Status.PENDING)
    make_comment(article, status=Status.PENDING)
    response = moderator_client.post(
        moderate_url(comment), {"action": "approve", "queue": "pending"}, **JSON
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["changed"] is True
    assert answer["status"] == Status.APPROVED
    assert answer["in_queue"] is False  # it left the pending queue
    assert answer["undo"] == "unapprove"
    assert answer["counts"] == {
        "all": 2,
        "pending": 1,
        "approved": 1,
        "spam": 0,
        "blatant": 0,
        "trash": 0,
        "reported": 0,
    }
    buttons = parse(answer["actions_html"]).find_all("button")
    assert [b.attrs["value"] for b in buttons] == ["unapprove", "spam", "trash", "feature"]
    with translation.override("ar"):
        assert answer["status_label"] == gettext("Approved")


def test_json_delete_from_trash(moderator_client):
    comment = make_comment(make_article(), status=Status.TRASH)
    comment.log("status-trash")
    response = moderator_client.post(moderate_url(comment), {"action": "delete"}, **JSON)
    assert response.status_code == 200
    assert response.json()["deleted"] is True
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert not CommentEvent.objects.exists()


def test_json_action_that_no_longer_applies_is_a_409(moderator_client):
    comment = make_comment(make_article(), status=Status.APPROVED)
    response = moderator_client.post(moderate_url(comment), {"action": "approve"}, **JSON)
    assert response.status_code == 409
    assert response.json()["changed"] is False
    assert not comment.events.exists()


def test_json_unknown_action_is_a_400(moderator_client):
    comment = make_comment(make_article(), status=Status.PENDING)
    response = moderator_client.post(moderate_url(comment), {"action": "publish"}, **JSON)
    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


@pytest.mark.parametrize(
    ("who", "code"), [("moderator", 200), ("editor", 200), ("journalist", 403), (None, 302)]
)
@pytest.mark.parametrize("key", ["approve", "spam", "trash"])
def test_who_may_act_on_a_row(client, staff, who, code, key):
    comment = make_comment(make_article(), status=Status.PENDING)
    if who:
        client.force_login(staff[who])
    response = client.post(moderate_url(comment), {"action": key}, **JSON)
    assert response.status_code == code
    comment.refresh_from_db()
    if code == 200:
        assert comment.status != Status.PENDING
        assert comment.events.get().actor == staff[who]
    else:
        assert comment.status == Status.PENDING
        assert not comment.events.exists()


@pytest.mark.parametrize(("who", "allowed"), [("moderator", True), ("editor", True)])
def test_moderators_and_editors_may_delete_from_the_admin_delete_page(client, staff, who, allowed):
    """Was seen: a moderator got 403 on the delete page."""
    comment = make_comment(make_article(), status=Status.SPAM)
    comment.log("status-spam", by=staff[who])  # history rows must not block the deletion
    client.force_login(staff[who])
    url = reverse("admin:comments_comment_delete", args=[comment.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"post": "yes"})
    assert not Comment.objects.filter(pk=comment.pk).exists()


# --- counts -----------------------------------------------------------------------------------


def whole_counts(client, url):
    """The plain COUNT(*) queries (QuerySet.count(), capped or not) a desk page makes."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT(")]


def test_the_queue_is_counted_once_for_the_links_the_list_and_its_total(moderator_client):
    """Each count is a scan of the queue (millions of comments in an archive): the status
    links' one query gives the list's size and total; a search or a filter reads the ids of
    its first matches, up to the desk's cap, and counts those (DeskPaginator)."""
    article = make_article()
    for status in (Status.PENDING, Status.APPROVED, Status.SPAM):
        make_comment(article, status=status, content="مطر")

    for queue in ("", "?status=spam", "?status=approved&p=0"):
        assert whole_counts(moderator_client, CHANGELIST + queue) == [], queue
    assert whole_counts(moderator_client, f"{CHANGELIST}?q=مطر") == []


def test_no_desk_page_reads_every_comment_for_its_years(moderator_client):
    """A date drill-down's year links are a DISTINCT over the whole queue on every page."""
    make_comment(make_article(), content="مطر")
    for query in ("", "?q=مطر"):
        with CaptureQueriesContext(connection) as captured:
            assert moderator_client.get(CHANGELIST + query).status_code == 200
        assert not [q for q in captured.captured_queries if "DATE_TRUNC" in q["sql"].upper()]


def test_counts_agree_with_the_list_and_its_total(moderator_client):
    """Was seen: "all (37)" beside "37 results (40 total)"."""
    article = make_article()
    make_comment(article, status=Status.PENDING, content="مطر غزير")
    make_comment(article, status=Status.APPROVED, content="مطر خفيف")
    make_comment(article, status=Status.APPROVED, content="شمس")
    make_comment(article, status=Status.SPAM, content="مطر مزعج")
    make_comment(article, status=Status.TRASH, content="مطر محذوف")
    make_comment(article, status=Status.SPAM, akismet_result=Verdict.DISCARD)

    response = moderator_client.get(f"{CHANGELIST}?q=مطر")
    cl = response.context["cl"]
    counts = {link["key"]: link["count"] for link in response.context["status_links"]}
    assert cl.result_count == 2
    assert cl.full_result_count == counts["all"] == 3
    for key in ("pending", "approved", "spam", "blatant", "trash"):
        cl = moderator_client.get(f"{CHANGELIST}?status={key}").context["cl"]
        assert cl.result_count == cl.full_result_count == counts[key], key
    assert counts["blatant"] == 1


def test_the_status_filter_is_not_repeated_in_the_sidebar(moderator_client):
    page = parse(moderator_client.get(CHANGELIST).content)
    assert page.find("ul", class_="status-links") is not None
    sidebar = page.find("div", id="changelist-filter")
    assert "?status=" not in str(sidebar)


# --- emptying spam and trash ------------------------------------------------------------------


@pytest.mark.parametrize("queue", ["spam", "blatant", "trash"])
def test_empty_a_queue_after_confirming(moderator_client, queue):
    article = make_article()
    kept = [
        make_comment(article, status=Status.PENDING),
        make_comment(article, status=Status.APPROVED),
    ]
    doomed = {
        "spam": [make_comment(article, status=Status.SPAM) for _ in range(2)],
        "blatant": [make_comment(article, status=Status.SPAM, akismet_result=Verdict.DISCARD)],
        "trash": [make_comment(article, status=Status.TRASH) for _ in range(3)],
    }
    listing = parse(moderator_client.get(f"{CHANGELIST}?status={queue}").content)
    url = reverse("admin:comments_comment_empty", args=[queue])
    assert listing.find("a", class_="desk-empty").attrs["href"] == url

    confirm = moderator_client.get(url)
    assert confirm.status_code == 200
    assert parse(confirm.content).find("form").attrs["method"] == "post"
    assert Comment.objects.count() == 2 + 2 + 1 + 3  # GET deletes nothing

    response = moderator_client.post(url)
    assert response.status_code == 302
    others = [c for key, group in doomed.items() if key != queue for c in group]
    left = set(Comment.objects.values_list("pk", flat=True))
    assert left == {c.pk for c in kept + others}
    assert messages_of(response)


def test_empty_is_offered_only_on_those_queues_and_not_when_empty(moderator_client):
    make_comment(make_article(), status=Status.PENDING)
    for query in ("", "?status=pending", "?status=trash"):
        page = parse(moderator_client.get(CHANGELIST + query).content)
        assert page.find("a", class_="desk-empty") is None, query
    assert (
        moderator_client.get(reverse("admin:comments_comment_empty", args=["all"])).status_code
        == 404
    )


@pytest.mark.parametrize(("who", "code"), [("journalist", 403), (None, 302)])
def test_only_moderators_and_editors_empty_the_trash(client, staff, who, code):
    make_comment(make_article(), status=Status.TRASH)
    if who:
        client.force_login(staff[who])
    url = reverse("admin:comments_comment_empty", args=["trash"])
    assert client.post(url).status_code == code
    assert Comment.objects.count() == 1


def test_editors_empty_the_trash(client, staff):
    make_comment(make_article(), status=Status.TRASH)
    client.force_login(staff["editor"])
    client.post(reverse("admin:comments_comment_empty", args=["trash"]))
    assert not Comment.objects.exists()


def test_emptying_needs_the_csrf_token(staff):
    from django.test import Client

    make_comment(make_article(), status=Status.TRASH)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff["moderator"])
    assert client.post(reverse("admin:comments_comment_empty", args=["trash"])).status_code == 403
    assert Comment.objects.count() == 1


# --- staff reply ------------------------------------------------------------------------------


def test_staff_reply_from_the_desk(moderator_client, staff):
    parent = make_comment(make_article(), status=Status.PENDING)
    url = reverse("admin:comments_comment_reply", args=[parent.pk])
    response = moderator_client.post(url, {"content": "  شكراً لك  "}, **JSON)
    assert response.status_code == 200
    reply = Comment.objects.get(parent=parent)
    assert response.json()["id"] == reply.pk
    assert (reply.content, reply.status, reply.user) == (
        "شكراً لك",
        Status.APPROVED,
        staff["moderator"],
    )
    parent.refresh_from_db()
    assert parent.status == Status.APPROVED
    assert reply.events.get().event == "staff-reply"


def test_staff_reply_without_javascript_and_from_the_detail_page(moderator_client):
    parent = make_comment(make_article(), status=Status.APPROVED)
    detail = reverse("admin:comments_comment_change", args=[parent.pk])
    form = parse(moderator_client.get(detail).content).find("form", id="reply")
    assert form.attrs["action"] == reverse("admin:comments_comment_reply", args=[parent.pk])
    response = moderator_client.post(form.attrs["action"], {"content": "رد"})
    assert response.headers["Location"] == detail
    assert Comment.objects.filter(parent=parent, status=Status.APPROVED).count() == 1


@pytest.mark.parametrize("content", ["", "   "])
def test_empty_staff_reply_is_refused(moderator_client, content):
    parent = make_comment(make_article(), status=Status.PENDING)
    url = reverse("admin:comments_comment_reply", args=[parent.pk])
    response = moderator_client.post(url, {"content": content}, **JSON)
    assert response.status_code == 400
    with translation.override("ar"):
        assert response.json()["message"] == gettext("Please write your reply.")
    assert Comment.objects.count() == 1
    parent.refresh_from_db()
    assert parent.status == Status.PENDING


def test_no_staff_reply_to_spam_from_the_desk(moderator_client):
    parent = make_comment(make_article(), status=Status.SPAM)
    url = reverse("admin:comments_comment_reply", args=[parent.pk])
    assert moderator_client.post(url, {"content": "رد"}, **JSON).status_code == 400
    assert Comment.objects.count() == 1


def test_journalists_cannot_reply_from_the_desk(client, staff):
    parent = make_comment(make_article(), status=Status.PENDING)
    client.force_login(staff["journalist"])
    url = reverse("admin:comments_comment_reply", args=[parent.pk])
    assert client.post(url, {"content": "رد"}).status_code == 403
    assert Comment.objects.count() == 1


# --- check for spam ---------------------------------------------------------------------------


def run_check(client, comments):
    return client.post(
        CHANGELIST,
        {"action": "check_for_spam", "_selected_action": [c.pk for c in comments]},
    )


def test_check_for_spam_without_akismet_says_nothing_was_checked(moderator_client):
    """Was seen: "checked 1 of 1" with no key, and nothing recorded."""
    comment = make_comment(make_article(), status=Status.PENDING)
    response = run_check(moderator_client, [comment])
    with translation.override("ar"):
        assert messages_of(response) == [
            gettext("Nothing was checked: Akismet is not configured (AKISMET_API_KEY is empty).")
        ]
    assert not comment.events.exists()


def test_check_for_spam_says_what_it_did(moderator_client, akismet):
    article = make_article()
    spammer = make_comment(article, status=Status.PENDING, author_name="akismet-guaranteed-spam")
    reader = make_comment(article, status=Status.PENDING)
    response = run_check(moderator_client, [spammer, reader])
    with translation.override("ar"):
        expected = gettext(
            "Akismet checked %(checked)d of %(total)d pending comments: %(caught)d caught as "
            "spam, %(failed)d failed."
        ) % {"checked": 2, "total": 2, "caught": 1, "failed": 0}
        assert messages_of(response) == [expected]


def test_check_for_spam_counts_failures(moderator_client, akismet):
    akismet.mode = "error"
    comments = [make_comment(make_article(), status=Status.PENDING) for _ in range(2)]
    [message] = messages_of(run_check(moderator_client, comments))
    with translation.override("ar"):
        assert message.startswith(
            gettext(
                "Akismet checked %(checked)d of %(total)d pending comments: %(caught)d caught "
                "as spam, %(failed)d failed."
            )
            % {"checked": 1, "total": 2, "caught": 0, "failed": 1}
        )


def test_check_for_spam_with_nothing_pending(moderator_client, akismet):
    comment = make_comment(make_article(), status=Status.APPROVED)
    with translation.override("ar"):
        assert messages_of(run_check(moderator_client, [comment])) == [
            gettext("None of the selected comments is pending: nothing to check.")
        ]
    assert akismet.requests == []


# --- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["سارة", "ساره", "سَارَة", "SARA@EXAMPLE.COM"])
def test_search_folds_arabic_spelling(moderator_client, query):
    """Was seen: "ساره" found nothing while "سارة" found two comments."""
    article = make_article()
    sara = make_comment(article, author_name="سارة", author_email="sara@example.com")
    mention = make_comment(article, content="أتفق مع سارة تماماً")
    make_comment(article, author_name="ليلى", content="رأي آخر")
    response = moderator_client.get(CHANGELIST, {"q": query})
    found = {c.pk for c in response.context["cl"].result_list}
    expected = {sara.pk} if "@" in query else {sara.pk, mention.pk}
    assert found == expected


def test_search_finds_folded_hamza_and_keeps_the_query_shown(moderator_client):
    comment = make_comment(make_article(), content="إعلان مهم")
    response = moderator_client.get(CHANGELIST, {"q": "اعلان"})
    assert [c.pk for c in response.context["cl"].result_list] == [comment.pk]
    page = parse(response.content)
    assert page.find("input", id="searchbar").attrs["value"] == "اعلان"


# --- the history on the detail page -----------------------------------------------------------


def test_history_details_are_translated_on_the_arabic_desk(moderator_client, staff):
    comment = make_comment(make_article(), status=Status.PENDING)
    comment.log("held", detail={"reason": "links", "links": 5})
    actions.perform(comment, "spam", by=staff["moderator"])
    page = parse(
        moderator_client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content
    )
    cells = [
        row.find_all("td")[3].text
        for row in page.find("table", class_="history").find("tbody").find_all("tr")
    ]
    with translation.override("ar"):
        assert cells == ["5 روابط", f"{gettext('Pending')} ← {gettext('Spam')}"]


def test_the_list_costs_the_same_queries_for_5_or_25_rows(moderator_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert moderator_client.get(CHANGELIST).status_code == 200
        return len(captured)

    for _ in range(5):
        make_comment(article, status=Status.PENDING)
    few = queries()
    for _ in range(20):
        make_comment(article, status=Status.PENDING)
    assert queries() == few


def test_the_history_list_searches_details(moderator_client):
    comment = make_comment(make_article())
    comment.log("check-error", detail="ReadTimeout: timed out")
    comment.log("held", detail={"reason": "word", "word": "كازينو"})
    url = reverse("admin:comments_commentevent_changelist")
    for query, found in [("ReadTimeout", "check-error"), ("كازينو", "held")]:
        response = moderator_client.get(url, {"q": query})
        assert response.status_code == 200
        assert [e.event for e in response.context["cl"].result_list] == [found]
