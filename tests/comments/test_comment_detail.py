"""A comment's detail page on the desk: the comment as readers see it, its request and
verdict, its history, and the buttons that post to the moderate URL."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from comments import actions
from comments.models import Comment
from comments.states import Verdict
from tests.comments.admin_pages import (
    detail,
    events,
    stored_payload,
)
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

Status = Comment.Status


def test_detail_page_shows_the_comment_as_readers_see_it_with_links_revealed(moderator_client):
    long_url = "https://example.com/very/long/path/that/urlize/trims/and/more/than/sixty/chars"
    comment = make_comment(
        make_article(),
        content=f"مقال رائع\nsee {long_url} and www.example.org",
        author_url="https://reader.example.net/home",
    )
    page = detail(moderator_client, comment)
    shown = page.find("div", class_="as-readers-see")
    assert shown.attrs.get("dir") == "auto"
    assert "مقال رائع" in shown.text
    assert long_url not in shown.text  # urlize shortens the link text…
    assert [a.attrs["href"] for a in shown.find_all("a")] == [long_url, "http://www.example.org"]
    revealed = [code.text for code in page.find("ul", class_="revealed-links").find_all("code")]
    assert long_url in revealed  # …and the desk shows where it really goes
    assert "http://www.example.org" in revealed
    assert "https://reader.example.net/home" in revealed


def test_detail_page_says_when_there_are_no_links(moderator_client):
    comment = make_comment(make_article(), content="بلا روابط")
    page = detail(moderator_client, comment)
    assert page.find("ul", class_="revealed-links") is None
    with translation.override("ar"):
        assert gettext("No links.") in page.find("section", aria_labelledby="as-readers").text


def test_detail_page_shows_article_parent_request_details_and_verdict(moderator_client):
    article = make_article(title="خبر عن الطقس")
    parent = make_comment(article, author_name="الكاتب الأول", content="التعليق الأصلي")
    reply = make_comment(
        article,
        parent=parent,
        ip="203.0.113.9",
        user_agent="Mozilla/5.0 (X11; Linux) Gecko/20100101",
        akismet_result=Verdict.HAM,
        akismet_checked_at=timezone.now(),
    )
    page = detail(moderator_client, reply)
    facts = page.find("dl", class_="facts")
    hrefs = {a.attrs["href"]: a.text for a in facts.find_all("a")}
    assert hrefs[article.get_absolute_url()] == "خبر عن الطقس"
    parent_url = reverse("admin:comments_comment_change", args=[parent.pk])
    assert hrefs[parent_url] == "الكاتب الأول"
    assert "التعليق الأصلي" in facts.text
    values = [dd.text for dd in facts.find_all("dd")]
    assert "203.0.113.9" in values
    assert "Mozilla/5.0 (X11; Linux) Gecko/20100101" in values
    assert reply.author_email in values
    verdict = facts.find("dd", class_="akismet--ham")
    with translation.override("ar"):
        assert verdict.text.startswith(str(Verdict.HAM.label))


def test_detail_page_counts_the_authors_approved_comments(moderator_client):
    article = make_article()
    for _ in range(2):
        make_comment(article, author_email="loyal@example.com", status=Status.APPROVED)
    make_comment(article, author_email="loyal@example.com", status=Status.SPAM)
    make_comment(article, author_email="someone.else@example.com", status=Status.APPROVED)
    comment = make_comment(article, author_email="loyal@example.com", status=Status.PENDING)
    page = detail(moderator_client, comment)
    values = [dd.text for dd in page.find("dl", class_="facts").find_all("dd")]
    assert values[values.index("loyal@example.com") + 1] == "2"


def test_approved_count_ignores_the_case_of_the_email(moderator_client):
    article = make_article()
    make_comment(article, author_email="Loyal@Example.com", status=Status.APPROVED)
    make_comment(article, author_email="loyal@example.com", status=Status.APPROVED)
    make_comment(article, author_email="LOYAL@example.com", status=Status.APPROVED)
    comment = make_comment(article, author_email="loyal@example.com", status=Status.PENDING)
    page = detail(moderator_client, comment)
    values = [dd.text for dd in page.find("dl", class_="facts").find_all("dd")]
    assert values[values.index("loyal@example.com") + 1] == "3"


def test_detail_page_shows_the_whole_history_with_actors(moderator_client, staff):
    comment = make_comment(make_article(), status=Status.PENDING)
    comment.log("check-ham", detail="x-akismet-guid: guid-7")
    actions.perform(comment, "approve", by=staff["editor"])
    actions.perform(comment, "unapprove", by=staff["moderator"])

    page = detail(moderator_client, comment)
    rows = page.find("table", class_="history").find("tbody").find_all("tr")
    assert [row.attrs["class"].split()[1] for row in rows] == [
        "event--check-ham",
        "event--status-approved",
        "event--status-pending",
    ]
    cells = [[td.text for td in row.find_all("td")] for row in rows]
    assert cells[0][3] == "x-akismet-guid: guid-7"
    assert cells[1][2] == "editor"
    assert cells[2][2] == "moderator"
    with translation.override("ar"):
        assert cells[0][2] == gettext("system")


def test_detail_buttons_post_to_the_moderate_url(moderator_client):
    comment = make_comment(make_article(), status=Status.PENDING)
    page = detail(moderator_client, comment)
    form = page.find("form", class_="moderate-buttons")
    assert form.attrs["method"] == "post"
    assert form.attrs["action"] == reverse("admin:comments_comment_moderate", args=[comment.pk])
    assert [button.attrs["value"] for button in form.find_all("button")] == [
        "approve",
        "spam",
        "trash",
    ]
    assert form.find("input", name="csrfmiddlewaretoken") is not None


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (Status.APPROVED, ["unapprove", "spam", "trash", "feature"]),
        (Status.SPAM, ["not_spam", "trash"]),
        (Status.TRASH, ["restore"]),
    ],
)
def test_detail_buttons_fit_the_status(moderator_client, status, buttons):
    comment = make_comment(make_article(), status=status)
    form = detail(moderator_client, comment).find("form", class_="moderate-buttons")
    assert [button.attrs["value"] for button in form.find_all("button")] == buttons
    delete = form.find("a", class_="deletelink")
    if status in (Status.SPAM, Status.TRASH):  # through the admin's confirmation page
        assert delete.attrs["href"] == reverse("admin:comments_comment_delete", args=[comment.pk])
    else:
        assert delete is None


@pytest.mark.parametrize(
    ("before", "action", "after"),
    [
        (Status.PENDING, "approve", Status.APPROVED),
        (Status.APPROVED, "unapprove", Status.PENDING),
        (Status.APPROVED, "trash", Status.TRASH),
        (Status.TRASH, "restore", Status.PENDING),
    ],
)
def test_detail_buttons_change_the_status(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks, before, action, after
):
    comment = make_comment(make_article(), status=before)
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(url, {"action": action})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse(
        "admin:comments_comment_change", args=[comment.pk]
    )
    comment.refresh_from_db()
    assert comment.status == after
    [event] = events(comment, f"status-{after}")
    assert event.actor == staff["moderator"]
    assert akismet.requests == []


def test_spam_button_reports_to_akismet(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=Status.APPROVED)
    payload = stored_payload(comment)
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(url, {"action": "spam"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.SPAM
    [sent] = akismet.calls("submit-spam")
    assert sent["comment_content"] == [payload["comment_content"]]
    assert len(events(comment, "report-spam")) == 1


def test_not_spam_button_returns_an_approved_comment_to_approved_and_reports_ham(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=Status.APPROVED)
    actions.perform(comment, "spam", by=staff["editor"])
    stored_payload(comment)
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url, {"action": "not_spam"})
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert len(akismet.calls("submit-ham")) == 1
    assert len(events(comment, "report-ham")) == 1


def test_moderate_url_refuses_unknown_actions_and_get(moderator_client):
    comment = make_comment(make_article(), status=Status.PENDING)
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    assert moderator_client.get(url).status_code == 405
    response = moderator_client.post(url, {"action": "delete"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert not comment.events.exists()
