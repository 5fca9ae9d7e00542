"""The desk's list: status links and their counts, the default view, the spam and blatant
views, the pending notice on the admin index, filters and search."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from comments.counts import Size, size_label
from comments.models import Comment
from comments.states import Verdict
from tests.comments.admin_pages import (
    CHANGELIST,
    changelist_url,
    listed,
)
from tests.factories import make_article, make_comment
from tests.html import parse

pytestmark = pytest.mark.django_db

Status = Comment.Status


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
        f"{base}?status=reported": "(0)",
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


def test_article_filter_offers_the_newest_commented_articles_not_all_of_them(moderator_client):
    """At archive size every commented article is hundreds of thousands of links: the filter
    offers the 30 with the newest comments, and the one chosen."""
    now = timezone.now()
    articles = [make_article() for _ in range(32)]
    for age, article in enumerate(articles):
        make_comment(article, created_at=now - timedelta(minutes=age))

    response = moderator_client.get(changelist_url())
    offered = {pk for pk, _title in filter_spec(response, "article__id__exact").lookup_choices}
    assert offered == {article.pk for article in articles[:30]}

    oldest = articles[-1]
    response = moderator_client.get(changelist_url(f"article__id__exact={oldest.pk}"))
    offered = {pk for pk, _title in filter_spec(response, "article__id__exact").lookup_choices}
    assert oldest.pk in offered


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


# --- counts up to a cap -------------------------------------------------------------------------


def status_counts(page):
    links = page.find("ul", class_="status-links").find_all("span", class_="count")
    return {span.attrs["data-count"]: span.text for span in links}


def test_queues_are_counted_up_to_the_cap_and_say_more_than_beyond(moderator_client, settings):
    """Every queue is counted up to COMMENTS_DESK_COUNT_LIMIT (an exact count of an archive's
    queue reads all of it on every desk page): beyond, the link says "more than N"."""
    settings.COMMENTS_DESK_COUNT_LIMIT = 3
    article = make_article()
    for _ in range(3):
        make_comment(article, status=Status.PENDING)
    for _ in range(4):
        make_comment(article, status=Status.APPROVED)
    make_comment(article, status=Status.TRASH)

    response = moderator_client.get(changelist_url())
    assert status_counts(parse(response.content)) == {
        "all": "(أكثر من 3 تعليقات)",
        "pending": "(3)",  # exactly the cap: exact
        "approved": "(أكثر من 3 تعليقات)",
        "spam": "(0)",
        "blatant": "(0)",
        "trash": "(1)",
        "reported": "(0)",
    }
    pages = parse(response.content).find("p", class_="paginator").text
    assert "أكثر من 3 نتائج" in pages
    for language, expected in [("ar", "أكثر من تعليقين"), ("en", "more than 2 comments")]:
        with translation.override(language):
            assert size_label(Size(3, 2)) == expected
            assert size_label(Size(2, 2)) == "2"


def test_counts_read_at_most_one_row_past_the_cap(moderator_client, settings):
    """The status links' one query counts each queue over a LIMIT cap + 1 subquery; a search
    reads the ids of at most cap + 1 matches, newest first, for its count and its pages, and
    is never counted whole."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.COMMENTS_DESK_COUNT_LIMIT = 7
    make_comment(make_article(), status=Status.PENDING, content="مطر")
    with CaptureQueriesContext(connection) as captured:
        moderator_client.get(changelist_url("status=all&q=مطر"))
    sqls = [q["sql"] for q in captured.captured_queries]
    (links,) = [sql for sql in sqls if sql.startswith("SELECT (SELECT COUNT(")]
    assert links.count("LIMIT 8") == links.count("COUNT(") == 7  # one per queue
    assert not [sql for sql in sqls if sql.startswith("SELECT COUNT(")]
    (ids,) = [sql for sql in sqls if sql.startswith('SELECT "comments_comment"."id" AS "pk"')]
    assert ids.endswith('ORDER BY "comments_comment"."created_at" DESC, 1 DESC LIMIT 8')


def test_a_search_is_counted_up_to_the_cap(moderator_client, settings):
    settings.COMMENTS_DESK_COUNT_LIMIT = 2
    article = make_article()
    for text in ("مطر غزير", "مطر خفيف", "مطر الليل"):
        make_comment(article, status=Status.APPROVED, content=text)
    make_comment(article, status=Status.APPROVED, content="شمس")

    response = moderator_client.get(changelist_url("q=مطر"))
    cl = response.context["cl"]
    assert cl.result_count == 2
    assert cl.result_count.more
    assert len(cl.result_list) == 3  # one page: every match is listed, newest first
    assert "أكثر من نتيجتين" in parse(response.content).find("p", class_="paginator").text
    response = moderator_client.get(changelist_url("q=شمس"))
    assert response.context["cl"].result_count == 1
    assert not response.context["cl"].result_count.more
    toolbar = parse(response.content).find("div", id="toolbar").text
    assert "المجموع: أكثر من تعليقين" in " ".join(toolbar.split())


def test_an_action_answers_the_counts_as_the_links_show_them(moderator_client, settings):
    from django.urls import reverse

    settings.COMMENTS_DESK_COUNT_LIMIT = 1
    article = make_article()
    comment = make_comment(article, status=Status.PENDING)
    make_comment(article, status=Status.PENDING)
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    answer = moderator_client.post(
        url, {"action": "approve", "queue": "pending"}, HTTP_ACCEPT="application/json"
    ).json()
    assert answer["counts"]["all"] == 1
    assert answer["count_labels"]["all"] == "أكثر من تعليق واحد"
    assert answer["count_labels"]["pending"] == "1"


def test_a_reply_answers_the_counts_as_the_links_show_them(moderator_client, settings):
    from django.urls import reverse

    settings.COMMENTS_DESK_COUNT_LIMIT = 1
    article = make_article()
    parent = make_comment(article, status=Status.APPROVED)
    make_comment(article, status=Status.APPROVED)
    url = reverse("admin:comments_comment_reply", args=[parent.pk])
    answer = moderator_client.post(url, {"content": "شكراً"}, HTTP_ACCEPT="application/json").json()
    assert answer["ok"]
    assert answer["counts"]["all"] == 1
    assert answer["count_labels"]["all"] == "أكثر من تعليق واحد"
