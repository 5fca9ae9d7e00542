"""The moderation desk: the comment list, its filters and actions, the detail page, permissions."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from comments import actions, spam
from comments.models import Comment, CommentEvent
from comments.states import Verdict
from tests.factories import make_article, make_comment, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

Status = Comment.Status
CHANGELIST = "admin:comments_comment_changelist"


def changelist_url(query=""):
    url = reverse(CHANGELIST)
    return f"{url}?{query}" if query else url


def listed(client, query=""):
    response = client.get(changelist_url(query))
    assert response.status_code == 200
    return {comment.pk for comment in response.context["cl"].result_list}


def run_action(client, action, comments, query="", capture=None):
    data = {"action": action, "_selected_action": [comment.pk for comment in comments]}
    if capture is None:
        return client.post(changelist_url(query), data)
    with capture(execute=True):
        return client.post(changelist_url(query), data)


def events(comment, event):
    return list(CommentEvent.objects.filter(comment=comment, event=event))


def stored_payload(comment, **changes):
    """What a first check would have sent, as submit_comment stores it (content as checked)."""
    payload = {**spam.build_payload(comment), **changes}
    comment.akismet_payload = payload
    comment.save(update_fields=["akismet_payload"])
    return payload


def as_form_fields(payload):
    return {
        key: [str(item) for item in value]
        if isinstance(value, list)
        else [("true" if value else "false") if isinstance(value, bool) else str(value)]
        for key, value in payload.items()
    }


# --- the list: status links, default view, spam views, the admin index ----------------------


def test_status_links_show_counts_and_all_is_pending_plus_approved(moderator_client):
    article = make_article()
    for _ in range(2):
        make_comment(article, status=Status.PENDING)
    for _ in range(3):
        make_comment(article, status=Status.APPROVED)
    make_comment(article, status=Status.SPAM, akismet_result=Verdict.SPAM)
    make_comment(article, status=Status.SPAM, akismet_result=Verdict.DISCARD)
    for _ in range(4):
        make_comment(article, status=Status.TRASH)

    response = moderator_client.get(changelist_url())
    page = parse(response.content)
    links = {a.attrs["href"]: a for a in page.find("ul", class_="status-links").find_all("a")}
    base = reverse(CHANGELIST)
    counts = {href: a.find("span", class_="count").text for href, a in links.items()}
    assert counts == {
        base: "(5)",
        f"{base}?status=pending": "(2)",
        f"{base}?status=approved": "(3)",
        f"{base}?status=spam": "(1)",
        f"{base}?status=blatant": "(1)",
        f"{base}?status=trash": "(4)",
    }
    assert [href for href, a in links.items() if "aria-current" in a.attrs] == [base]


def test_current_status_link_is_marked(moderator_client):
    page = parse(moderator_client.get(changelist_url("status=trash")).content)
    links = page.find("ul", class_="status-links").find_all("a")
    current = [a.attrs["href"] for a in links if a.attrs.get("aria-current")]
    assert current == [changelist_url("status=trash")]


def test_default_list_shows_pending_and_approved_only(moderator_client):
    article = make_article()
    pending = make_comment(article, status=Status.PENDING)
    approved = make_comment(article, status=Status.APPROVED)
    make_comment(article, status=Status.SPAM)
    make_comment(article, status=Status.TRASH)
    assert listed(moderator_client) == {pending.pk, approved.pk}


def test_spam_view_hides_blatant_spam_and_the_blatant_view_shows_it(moderator_client):
    article = make_article()
    caught = make_comment(article, status=Status.SPAM, akismet_result=Verdict.SPAM)
    manual = make_comment(article, status=Status.SPAM, akismet_result=Verdict.SKIPPED)
    blatant = make_comment(article, status=Status.SPAM, akismet_result=Verdict.DISCARD)
    make_comment(article, status=Status.PENDING, akismet_result=Verdict.DISCARD)

    assert listed(moderator_client, "status=spam") == {caught.pk, manual.pk}
    assert listed(moderator_client, "status=blatant") == {blatant.pk}


def test_pending_and_trash_views_list_their_status(moderator_client):
    article = make_article()
    pending = make_comment(article, status=Status.PENDING)
    trashed = make_comment(article, status=Status.TRASH)
    approved = make_comment(article, status=Status.APPROVED)
    assert listed(moderator_client, "status=pending") == {pending.pk}
    assert listed(moderator_client, "status=trash") == {trashed.pk}
    assert listed(moderator_client, "status=approved") == {approved.pk}


def pending_notice(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return parse(response.content).find("p", class_="pending-comments-notice")


def test_admin_index_tells_moderators_how_many_comments_wait(client, staff):
    article = make_article()
    for _ in range(3):
        make_comment(article, status=Status.PENDING)
    make_comment(article, status=Status.APPROVED)
    make_comment(article, status=Status.SPAM)

    for name in ("moderator", "editor"):
        client.force_login(staff[name])
        notice = pending_notice(client)
        assert notice is not None, name
        link = notice.find("a")
        assert link.attrs["href"] == changelist_url("status=pending")
        assert "3" in link.text.split()
        with translation.override("ar"):
            assert link.text == ngettext(
                "%(counter)s comment awaits moderation",
                "%(counter)s comments await moderation",
                3,
            ) % {"counter": 3}


def test_admin_index_shows_no_pending_notice_to_journalists(client, staff):
    make_comment(make_article(), status=Status.PENDING)
    client.force_login(staff["journalist"])
    assert pending_notice(client) is None


# --- filters and search -----------------------------------------------------------------------


def test_filter_by_akismet_result(moderator_client):
    article = make_article()
    ham = make_comment(article, status=Status.PENDING, akismet_result=Verdict.HAM)
    make_comment(article, status=Status.PENDING, akismet_result=Verdict.ERROR)
    errored = make_comment(article, status=Status.APPROVED, akismet_result=Verdict.ERROR)
    assert listed(moderator_client, "akismet_result__exact=ham") == {ham.pk}
    assert errored.pk in listed(moderator_client, "akismet_result__exact=error")
    assert len(listed(moderator_client, "akismet_result__exact=error")) == 2


def test_filter_by_article(moderator_client):
    first, second = make_article(), make_article()
    on_first = make_comment(first)
    make_comment(second)
    assert listed(moderator_client, f"article__id__exact={first.pk}") == {on_first.pk}


def filter_spec(response, parameter):
    for spec in response.context["cl"].filter_specs:
        if parameter in spec.expected_parameters():
            return spec
    raise AssertionError(f"no filter for {parameter}")


def test_article_filter_offers_only_articles_with_comments(moderator_client):
    commented = [make_article(), make_article()]
    for article in commented:
        make_comment(article)
    silent = make_article()
    response = moderator_client.get(changelist_url())
    offered = {pk for pk, _title in filter_spec(response, "article__id__exact").lookup_choices}
    assert offered == {article.pk for article in commented}
    assert silent.pk not in offered


def test_filter_by_date(moderator_client):
    article = make_article()
    now = timezone.now()
    recent = make_comment(article, created_at=now - timedelta(days=1))
    old = make_comment(article, created_at=now - timedelta(days=400))
    response = moderator_client.get(changelist_url())
    spec = filter_spec(response, "created_at__gte")
    past_week = list(spec.choices(response.context["cl"]))[2]  # Any date, Today, Past 7 days
    assert listed(moderator_client, past_week["query_string"].lstrip("?")) == {recent.pk}
    local_year = timezone.localtime(old.created_at).year
    assert old.pk in listed(moderator_client, f"created_at__year={local_year}")
    assert recent.pk not in listed(moderator_client, f"created_at__year={local_year}")


def test_status_filter_combines_with_search(moderator_client):
    article = make_article()
    make_comment(article, author_name="سالم", status=Status.APPROVED)
    spam_one = make_comment(article, author_name="سالم", status=Status.SPAM)
    assert listed(moderator_client, "status=spam&q=سالم") == {spam_one.pk}


@pytest.mark.parametrize(
    ("field", "value", "term"),
    [
        ("author_name", "أبو فهد العتيبي", "فهد"),
        ("author_email", "fahad.reader@example.org", "fahad.reader"),
        ("content", "الطريق الدائري مزدحم منذ الصباح", "الدائري"),
        ("ip", "203.0.113.77", "203.0.113.77"),
        ("ip", "203.0.113.77", "113.77"),
        ("ip", "2001:db8::beef", "db8::beef"),
    ],
)
def test_search_finds_comments_by_name_email_ip_and_text(moderator_client, field, value, term):
    article = make_article()
    wanted = make_comment(article, **{field: value})
    make_comment(article, ip="198.51.100.5")
    response = moderator_client.get(changelist_url(), {"q": term})
    assert response.status_code == 200
    assert {comment.pk for comment in response.context["cl"].result_list} == {wanted.pk}


def test_search_with_text_that_is_not_an_address_still_works(moderator_client):
    article = make_article()
    make_comment(article, ip="192.0.2.44")
    response = moderator_client.get(changelist_url(), {"q": "ليس عنواناً"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


# --- bulk actions -----------------------------------------------------------------------------


def test_approve_action_approves_and_records_the_moderator(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    article = make_article()
    first = make_comment(article, status=Status.PENDING)
    second = make_comment(article, status=Status.PENDING)
    response = run_action(
        moderator_client, "approve", [first, second], capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    for comment in (first, second):
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED
        [event] = events(comment, "status-approved")
        assert event.actor == staff["moderator"]
    assert akismet.requests == []


def test_unapprove_action_sends_comments_back_to_moderation(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=Status.APPROVED)
    response = run_action(
        moderator_client, "unapprove", [comment], capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    [event] = events(comment, "status-pending")
    assert event.actor == staff["moderator"]
    assert akismet.requests == []


@pytest.mark.parametrize("before", [Status.PENDING, Status.APPROVED])
def test_marking_as_spam_reports_exactly_what_was_checked(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks, before
):
    comment = make_comment(
        make_article(),
        status=before,
        author_url="https://reader.example.net/",
        user_agent="Mozilla/5.0 (Test)",
        referrer="https://news.example.com/",
    )
    payload = stored_payload(comment, comment_content="النص كما فُحص أول مرة")
    comment.content = "نص عدّله القارئ لاحقاً"
    comment.save(update_fields=["content"])

    response = run_action(
        moderator_client, "mark_spam", [comment], capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.SPAM
    [status_event] = events(comment, "status-spam")
    assert status_event.actor == staff["moderator"]

    [sent] = akismet.calls("submit-spam")
    assert akismet.calls("submit-ham") == []
    assert akismet.calls("comment-check") == []
    expected = as_form_fields(payload)
    assert set(sent) == set(expected) | {"api_key", "blog"}
    assert {key: sent[key] for key in expected} == expected
    assert sent["api_key"] == ["fake-valid-key"]
    assert sent["blog"] == ["https://news.example.com"]

    [report] = events(comment, "report-spam")
    assert report.actor == staff["moderator"]
    assert events(comment, "report-error") == []


def test_marking_several_as_spam_sends_one_report_each(
    moderator_client, akismet, django_capture_on_commit_callbacks
):
    article = make_article()
    comments = [make_comment(article, status=Status.PENDING) for _ in range(3)]
    for comment in comments:
        stored_payload(comment)
    run_action(moderator_client, "mark_spam", comments, capture=django_capture_on_commit_callbacks)
    sent = akismet.calls("submit-spam")
    assert sorted(fields["comment_author"][0] for fields in sent) == sorted(
        comment.author_name for comment in comments
    )


def test_marking_spam_without_a_stored_payload_reports_the_comment_as_it_is(
    moderator_client, akismet, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=Status.APPROVED, content="اشترِ الآن")
    assert comment.akismet_payload is None
    run_action(moderator_client, "mark_spam", [comment], capture=django_capture_on_commit_callbacks)
    [sent] = akismet.calls("submit-spam")
    assert sent["comment_content"] == ["اشترِ الآن"]
    assert sent["user_ip"] == ["192.0.2.1"]


def test_not_spam_on_akismet_caught_spam_sends_it_to_pending_and_reports_ham(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=Status.SPAM, akismet_result=Verdict.SPAM)
    payload = stored_payload(comment)
    response = run_action(
        moderator_client,
        "mark_not_spam",
        [comment],
        query="status=spam",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.PENDING  # never straight to readers
    [status_event] = events(comment, "status-pending")
    assert status_event.actor == staff["moderator"]

    [sent] = akismet.calls("submit-ham")
    assert akismet.calls("submit-spam") == []
    expected = as_form_fields(payload)
    assert {key: sent[key] for key in expected} == expected
    assert set(sent) == set(expected) | {"api_key", "blog"}
    [report] = events(comment, "report-ham")
    assert report.actor == staff["moderator"]


def test_not_spam_leaves_comments_that_are_not_spam_alone(
    moderator_client, akismet, django_capture_on_commit_callbacks
):
    pending = make_comment(make_article(), status=Status.PENDING)
    run_action(
        moderator_client, "mark_not_spam", [pending], capture=django_capture_on_commit_callbacks
    )
    pending.refresh_from_db()
    assert pending.status == Status.PENDING
    assert akismet.requests == []
    assert not pending.events.exists()


def test_trash_moves_comments_to_the_trash_and_reports_nothing(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    article = make_article()
    comments = [
        make_comment(article, status=Status.PENDING),
        make_comment(article, status=Status.APPROVED),
    ]
    for comment in comments:
        stored_payload(comment)
    response = run_action(
        moderator_client, "trash", comments, capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == Status.TRASH
        [event] = events(comment, "status-trash")
        assert event.actor == staff["moderator"]
    assert akismet.requests == []


def test_trashing_spam_reports_nothing(
    moderator_client, akismet, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=Status.SPAM)
    stored_payload(comment)
    run_action(
        moderator_client,
        "trash",
        [comment],
        query="status=spam",
        capture=django_capture_on_commit_callbacks,
    )
    comment.refresh_from_db()
    assert comment.status == Status.TRASH
    assert akismet.requests == []


def test_a_failed_spam_report_does_not_stop_the_moderator(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    akismet.mode = "error"
    comment = make_comment(make_article(), status=Status.PENDING)
    stored_payload(comment)
    response = run_action(
        moderator_client, "mark_spam", [comment], capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.SPAM
    assert len(akismet.calls("submit-spam")) >= 1
    [failure] = events(comment, "report-error")
    assert failure.actor == staff["moderator"]
    assert failure.detail.startswith("submit-spam")
    assert events(comment, "report-spam") == []


def test_a_failed_ham_report_does_not_stop_the_moderator(
    moderator_client, akismet, django_capture_on_commit_callbacks
):
    akismet.mode = "error"
    comment = make_comment(make_article(), status=Status.SPAM)
    stored_payload(comment)
    response = run_action(
        moderator_client,
        "mark_not_spam",
        [comment],
        query="status=spam",
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    [failure] = events(comment, "report-error")
    assert failure.detail.startswith("submit-ham")


def test_check_for_spam_files_caught_comments_and_keeps_cleared_ones_pending(
    moderator_client, staff, akismet, django_capture_on_commit_callbacks
):
    article = make_article()
    spammer = make_comment(article, status=Status.PENDING, author_name="akismet-guaranteed-spam")
    reader = make_comment(article, status=Status.PENDING, author_name="قارئ مهذب")
    approved = make_comment(article, status=Status.APPROVED)

    response = run_action(
        moderator_client,
        "check_for_spam",
        [spammer, reader, approved],
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302

    spammer.refresh_from_db()
    reader.refresh_from_db()
    approved.refresh_from_db()
    assert spammer.status == Status.SPAM
    assert spammer.akismet_result == Verdict.SPAM
    assert len(events(spammer, "recheck-spam")) == 1
    [filed] = events(spammer, "status-spam")
    assert filed.actor == staff["moderator"]

    assert reader.status == Status.PENDING
    assert reader.akismet_result == Verdict.HAM
    assert len(events(reader, "recheck-ham")) == 1
    assert events(reader, "status-spam") == []

    assert approved.status == Status.APPROVED
    assert not approved.events.exists()

    checks = akismet.calls("comment-check")
    assert sorted(fields["comment_author"][0] for fields in checks) == sorted(
        ["akismet-guaranteed-spam", "قارئ مهذب"]
    )
    assert all(fields["recheck_reason"] == ["recheck_queue"] for fields in checks)
    assert akismet.calls("submit-spam") == []


def test_check_for_spam_with_akismet_down_changes_nothing(
    moderator_client, akismet, django_capture_on_commit_callbacks
):
    akismet.mode = "error"
    comment = make_comment(
        make_article(), status=Status.PENDING, author_name="akismet-guaranteed-spam"
    )
    response = run_action(
        moderator_client, "check_for_spam", [comment], capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert comment.akismet_result == Verdict.ERROR
    assert len(events(comment, "recheck-error")) == 1


# --- the detail page --------------------------------------------------------------------------


def detail(client, comment):
    response = client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert response.status_code == 200
    return parse(response.content)


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
        (Status.APPROVED, ["unapprove", "spam", "trash"]),
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


# --- permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["moderator", "editor"])
def test_moderators_and_editors_see_the_list_and_every_action(client, staff, name):
    make_comment(make_article(), status=Status.PENDING)
    client.force_login(staff[name])
    response = client.get(changelist_url())
    assert response.status_code == 200
    offered = {value for value, _label in response.context["action_form"].fields["action"].choices}
    assert {
        "approve",
        "unapprove",
        "mark_spam",
        "mark_not_spam",
        "trash",
        "check_for_spam",
    } <= offered


@pytest.mark.parametrize("name", ["moderator", "editor"])
def test_moderators_and_editors_run_actions(
    client, staff, name, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=Status.PENDING)
    client.force_login(staff[name])
    response = run_action(client, "approve", [comment], capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert events(comment, "status-approved")[0].actor == staff[name]


def test_journalists_are_kept_out_of_the_desk(client, staff):
    comment = make_comment(make_article(), status=Status.PENDING)
    client.force_login(staff["journalist"])
    assert client.get(changelist_url()).status_code == 403
    change = reverse("admin:comments_comment_change", args=[comment.pk])
    assert client.get(change).status_code == 403
    moderate = reverse("admin:comments_comment_moderate", args=[comment.pk])
    assert client.post(moderate, {"action": "approve"}).status_code == 403
    response = client.post(
        changelist_url(), {"action": "approve", "_selected_action": [comment.pk]}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_view_only_users_see_the_list_without_actions(client):
    comment = make_comment(make_article(), status=Status.PENDING)
    viewer = make_user(permissions=["comments.view_comment"])
    client.force_login(viewer)
    response = client.get(changelist_url())
    assert response.status_code == 200
    assert response.context["action_form"] is None
    assert parse(response.content).find("input", name="_selected_action") is None

    client.post(changelist_url(), {"action": "approve", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == Status.PENDING

    page = detail(client, comment)
    assert page.find("form", class_="moderate-buttons") is None
    moderate = reverse("admin:comments_comment_moderate", args=[comment.pk])
    assert client.post(moderate, {"action": "approve"}).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert not comment.events.exists()


def test_nobody_can_add_a_comment_in_the_admin(client, staff):
    superuser = make_user(is_superuser=True)
    for user in (superuser, staff["editor"], staff["moderator"]):
        client.force_login(user)
        assert client.get(reverse("admin:comments_comment_add")).status_code == 403
        page = parse(client.get(changelist_url()).content)
        assert page.find("a", href=reverse("admin:comments_comment_add")) is None


# --- Akismet must not hold the moderator up ---------------------------------------------------


def test_a_later_decision_replaces_an_unsent_report(moderator_client, akismet):
    comment = make_comment(make_article(), status=Status.PENDING)
    run_action(moderator_client, "mark_spam", [comment])
    run_action(moderator_client, "mark_not_spam", [comment], query="status=spam")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING  # where it was before it went to spam

    call_command("recheck_comments", stdout=io.StringIO())

    assert akismet.calls("submit-spam") == []
    assert len(akismet.calls("submit-ham")) == 1


def test_check_for_spam_stops_at_the_time_budget(moderator_client, akismet, settings):
    settings.AKISMET_REQUEST_BUDGET = 0
    comments = [make_comment(make_article(), status=Status.PENDING) for _ in range(2)]
    response = run_action(moderator_client, "check_for_spam", comments)
    assert response.status_code == 302
    assert akismet.calls("comment-check") == []


# --- deleting ---------------------------------------------------------------------------------


def test_comments_are_deleted_only_from_the_trash_or_spam(client, staff):
    client.force_login(staff["editor"])  # editors hold delete_comment
    article = make_article()
    approved = make_comment(article)
    trashed = make_comment(article, status=Status.TRASH)

    assert (
        client.post(
            reverse("admin:comments_comment_delete", args=[approved.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    client.post(reverse("admin:comments_comment_delete", args=[trashed.pk]), {"post": "yes"})

    assert Comment.objects.filter(pk=approved.pk).exists()
    assert not Comment.objects.filter(pk=trashed.pk).exists()
    page = client.get(changelist_url())
    assert "delete_selected" not in page.content.decode()


def test_history_is_listed_and_cannot_be_edited(client, staff):
    client.force_login(staff["moderator"])
    comment = make_comment(make_article())
    event = comment.log("status-approved", by=staff["moderator"])
    listing = client.get(reverse("admin:comments_commentevent_changelist"))
    assert listing.status_code == 200
    assert comment.author_name in listing.content.decode()
    change = reverse("admin:comments_commentevent_change", args=[event.pk])
    assert client.post(change, {"detail": "edited"}).status_code == 403
    event.refresh_from_db()
    assert event.detail == ""
