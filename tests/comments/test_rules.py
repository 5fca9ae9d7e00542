"""The rules of comments.moderation.submit_comment, each alone and in order (docs/comments.md).

Order: article open → duplicate (409) → flood (429) → honeypot → blocked words → Akismet →
held words or links → returning author. The comment and its history are one transaction.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments import actions
from comments.models import Comment, CommentEvent, ModerationWord
from comments.moderation import CommentRejected, Submission, submit_comment
from comments.states import Verdict
from comments.text import count_links
from newsroom.arabic import normalize
from tests.factories import COMMENT_FORM, make_article, make_comment, make_user, post_comment
from tests.html import parse

pytestmark = pytest.mark.django_db

DUPLICATE_EN = "Duplicate comment: it looks as though you have already said that."
DUPLICATE_AR = "تعليق مكرر: يبدو أنك قلت هذا من قبل."
FLOOD_EN = "You are posting comments too quickly. Please wait a moment and try again."
FLOOD_AR = "أنت ترسل التعليقات بسرعة كبيرة. يرجى الانتظار قليلاً ثم المحاولة مجدداً."
CLOSED_AR = "التعليقات مغلقة."


def events(comment):
    return list(comment.events.values_list("event", flat=True))


def form_message(response):
    """The reason shown to the reader: in the form (400) or on the short refusal page."""
    page = parse(response.content)
    box = page.find("div", id="form-errors") or page.find("p", class_="notice--error")
    return box.text if box else ""


def earlier(article, *, ago=timedelta(days=1), **fields):
    """A comment written long enough ago not to trip the flood rule."""
    return make_comment(article, created_at=timezone.now() - ago, **fields)


def returning_author(article):
    return earlier(article, author_name=COMMENT_FORM["author"], author_email=COMMENT_FORM["email"])


def submission(article, **changes):
    fields = {
        "article": article,
        "parent": None,
        "author_name": COMMENT_FORM["author"],
        "author_email": COMMENT_FORM["email"],
        "author_url": "",
        "content": COMMENT_FORM["comment"],
        "ip": "198.51.100.7",
        **changes,
    }
    return Submission(**fields)


# --- duplicate -------------------------------------------------------------------------------


def test_same_text_by_the_same_email_is_refused_as_a_duplicate_in_english(client):
    article = make_article()
    earlier(
        article,
        author_name="اسم آخر",
        author_email=COMMENT_FORM["email"],
        content=COMMENT_FORM["comment"],
    )
    client.cookies["django_language"] = "en"

    response = post_comment(client, article)

    assert response.status_code == 409
    assert form_message(response) == DUPLICATE_EN
    assert Comment.objects.count() == 1


def test_same_text_by_the_same_name_is_a_duplicate_even_with_another_email(client):
    article = make_article()
    earlier(article, author_name=COMMENT_FORM["author"], author_email="old@example.com")
    Comment.objects.update(content=COMMENT_FORM["comment"])

    response = post_comment(client, article)

    assert response.status_code == 409
    assert Comment.objects.count() == 1


def test_duplicate_email_is_compared_without_case(client):
    article = make_article()
    earlier(article, author_name="اسم آخر", author_email="AbuKhaled@Example.com")
    Comment.objects.update(content=COMMENT_FORM["comment"])

    assert post_comment(client, article).status_code == 409
    assert Comment.objects.count() == 1


def test_duplicate_is_refused_in_arabic_and_nothing_is_stored(client):
    article = make_article()
    earlier(article, author_name=COMMENT_FORM["author"], author_email=COMMENT_FORM["email"])
    Comment.objects.update(content=COMMENT_FORM["comment"])

    response = post_comment(client, article)

    assert response.status_code == 409
    assert form_message(response) == DUPLICATE_AR
    assert Comment.objects.count() == 1
    assert CommentEvent.objects.count() == 0


@pytest.mark.parametrize(
    "status", [Comment.Status.APPROVED, Comment.Status.PENDING, Comment.Status.SPAM]
)
def test_earlier_comment_in_any_status_but_trash_makes_a_duplicate(client, status):
    article = make_article()
    earlier(
        article,
        author_name=COMMENT_FORM["author"],
        author_email=COMMENT_FORM["email"],
        status=status,
    )
    Comment.objects.update(content=COMMENT_FORM["comment"])
    assert post_comment(client, article).status_code == 409


def test_trashed_earlier_comment_is_not_a_duplicate(client):
    article = make_article()
    earlier(
        article,
        author_name=COMMENT_FORM["author"],
        author_email=COMMENT_FORM["email"],
        status=Comment.Status.TRASH,
    )
    Comment.objects.update(content=COMMENT_FORM["comment"])

    response = post_comment(client, article)

    assert response.status_code == 302
    assert Comment.objects.count() == 2


def test_same_text_by_someone_else_is_not_a_duplicate(client):
    article = make_article()
    earlier(article, author_name="قارئ آخر", author_email="other@example.com")
    Comment.objects.update(content=COMMENT_FORM["comment"])
    assert post_comment(client, article).status_code == 302
    assert Comment.objects.count() == 2


def test_same_text_on_another_article_or_under_another_parent_is_not_a_duplicate(client, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article()
    parent = earlier(article)
    earlier(
        make_article(),
        author_name=COMMENT_FORM["author"],
        author_email=COMMENT_FORM["email"],
        content=COMMENT_FORM["comment"],
    )
    earlier(
        article,
        author_name=COMMENT_FORM["author"],
        author_email=COMMENT_FORM["email"],
        parent=parent,
    )
    Comment.objects.filter(parent=parent).update(content=COMMENT_FORM["comment"])

    assert post_comment(client, article).status_code == 302  # top level: no twin here
    assert post_comment(client, article, comment_parent="0").status_code == 409  # now there is


# --- flood -----------------------------------------------------------------------------------


def test_second_comment_from_the_same_ip_within_the_gap_is_refused_429(client):
    article = make_article()
    assert post_comment(client, article).status_code == 302

    response = post_comment(
        client, article, comment="تعليق ثانٍ", author="غيره", email="x@example.com"
    )

    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 15
    assert form_message(response) == FLOOD_AR
    assert Comment.objects.count() == 1


def test_second_comment_from_the_same_email_on_another_ip_is_refused_429(client):
    article = make_article()
    assert post_comment(client, article, ip="203.0.113.1").status_code == 302

    response = post_comment(client, make_article(), ip="203.0.113.2", comment="تعليق ثانٍ")

    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert Comment.objects.count() == 1


def test_flood_message_is_english_when_english_is_chosen(client):
    article = make_article()
    post_comment(client, article)
    client.cookies["django_language"] = "en"
    response = post_comment(client, article, comment="تعليق ثانٍ")
    assert response.status_code == 429
    assert form_message(response) == FLOOD_EN


def test_retry_after_says_how_many_seconds_are_left(client):
    article = make_article()
    earlier(article, ago=timedelta(seconds=10), ip="127.0.0.1")

    response = post_comment(client, article)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "5"


def test_comment_after_the_gap_is_accepted(client):
    article = make_article()
    post_comment(client, article)
    Comment.objects.update(created_at=timezone.now() - timedelta(seconds=16))

    response = post_comment(client, article, comment="تعليق ثانٍ")

    assert response.status_code == 302
    assert Comment.objects.count() == 2


def test_gap_follows_the_setting(client, settings):
    settings.COMMENTS_FLOOD_SECONDS = 60
    article = make_article()
    earlier(article, ago=timedelta(seconds=30), ip="127.0.0.1")
    assert post_comment(client, article).status_code == 429


def test_zero_gap_disables_the_flood_rule(client, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article()
    assert post_comment(client, article).status_code == 302
    assert post_comment(client, article, comment="تعليق ثانٍ").status_code == 302
    assert Comment.objects.count() == 2


def test_moderators_are_exempt_from_the_flood_rule(client):
    article = make_article()
    client.force_login(make_user(permissions=["comments.moderate_comment"]))
    assert post_comment(client, article).status_code == 302
    assert post_comment(client, article, comment="تعليق ثانٍ").status_code == 302
    assert Comment.objects.count() == 2


def test_signed_in_readers_who_are_not_staff_are_not_exempt(client):
    article = make_article()
    client.force_login(make_user(is_staff=False))
    assert post_comment(client, article).status_code == 302
    assert post_comment(client, article, comment="تعليق ثانٍ").status_code == 429


def test_journalists_and_other_staff_are_exempt_from_the_flood_rule(client):
    article = make_article()
    client.force_login(make_user(permissions=["articles.add_article"]))
    assert post_comment(client, article).status_code == 302
    assert post_comment(client, article, comment="تعليق ثانٍ").status_code == 302


# --- honeypot --------------------------------------------------------------------------------


def test_filled_honeypot_is_stored_as_spam_without_asking_akismet(client, akismet):
    article = make_article()

    response = post_comment(client, article, ak_hp_textarea="buy now")

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert comment.status == Comment.Status.SPAM
    assert events(comment) == ["received", "honeypot", "status-spam"]
    assert comment.events.get(event="honeypot").detail == "buy now"
    assert comment.akismet_result == Verdict.SKIPPED
    assert akismet.calls("comment-check") == []


def test_blank_honeypot_goes_to_akismet(client, akismet):
    post_comment(client, make_article(), ak_hp_textarea="   ")
    assert len(akismet.calls("comment-check")) == 1
    assert Comment.objects.get().status == Comment.Status.PENDING


# --- blocked and held words, links -----------------------------------------------------------


def test_blocked_word_files_the_comment_as_spam_without_asking_akismet(client, akismet):
    ModerationWord.objects.create(phrase="كازينو", action=ModerationWord.Action.BLOCK)

    post_comment(client, make_article(), comment="أفضل كازينو على الإنترنت")

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert events(comment) == ["received", "disallowed", "status-spam"]
    assert comment.events.get(event="disallowed").detail == "كازينو"
    assert akismet.calls("comment-check") == []


def test_a_comment_without_any_blocked_word_is_not_blocked(client, akismet):
    ModerationWord.objects.create(phrase="كازينو", action=ModerationWord.Action.BLOCK)
    post_comment(client, make_article())
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert len(akismet.calls("comment-check")) == 1


@pytest.mark.parametrize(
    ("phrase", "changes"),
    [
        ("كازينو", {"author": "كازينو الخليج"}),
        ("spammer.example", {"email": "win@spammer.example"}),
        ("casino", {"url": "https://CASINO.example/offers"}),
    ],
)
def test_blocked_words_are_looked_for_in_the_name_email_and_website(
    client, akismet, phrase, changes
):
    ModerationWord.objects.create(phrase=phrase, action=ModerationWord.Action.BLOCK)
    post_comment(client, make_article(), **changes)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert "disallowed" in events(comment)
    assert akismet.calls("comment-check") == []


def test_held_word_keeps_a_returning_authors_ham_comment_pending(client, akismet):
    article = make_article()
    returning_author(article)
    ModerationWord.objects.create(phrase="رابط", action=ModerationWord.Action.HOLD)

    post_comment(client, article, comment="هذا رابط مفيد")

    comment = Comment.objects.exclude(status=Comment.Status.APPROVED).get()
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Verdict.HAM
    assert events(comment) == ["received", "check-ham", "held"]
    assert comment.events.get(event="held").detail == {"reason": "word", "word": "رابط"}


def test_two_links_keep_a_returning_authors_ham_comment_pending(client, akismet):
    article = make_article()
    returning_author(article)

    post_comment(client, article, comment="انظر http://a.example و https://b.example")

    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Verdict.HAM
    assert comment.events.get(event="held").detail == {"reason": "links", "links": 2}


def test_one_link_does_not_hold_a_returning_author(client, akismet):
    article = make_article()
    returning_author(article)
    post_comment(client, article, comment="انظر https://a.example/page")
    assert Comment.objects.latest("pk").status == Comment.Status.APPROVED


def test_one_address_written_with_www_does_not_hold_a_returning_author(client, akismet):
    article = make_article()
    returning_author(article)
    post_comment(client, article, comment="انظر https://www.example.com/page")
    assert Comment.objects.latest("pk").status == Comment.Status.APPROVED


def test_link_limit_follows_the_setting(client, akismet, settings):
    settings.COMMENTS_MAX_LINKS = 3
    article = make_article()
    returning_author(article)
    post_comment(client, article, comment="انظر http://a.example و https://b.example")
    assert Comment.objects.latest("pk").status == Comment.Status.APPROVED


def test_akismet_spam_wins_over_a_held_word(client, akismet):
    ModerationWord.objects.create(phrase="رابط", action=ModerationWord.Action.HOLD)

    post_comment(client, make_article(), comment="هذا رابط", author="akismet-guaranteed-spam")

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert events(comment) == ["received", "check-spam", "status-spam"]


# --- Arabic normalisation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "written"),
    [
        ("اعلان", "إعلان مدفوع"),
        ("اعلان", "إِعْلَان مدفوع"),
        ("اعلان", "اعـــلان مدفوع"),
        ("مكافأة", "احصل على مكافاة"),
        ("فتى", "يا فتي"),
        ("مدرسة", "مدرسه خاصة"),
        ("إعلان", "اعلان مدفوع"),
    ],
)
def test_blocked_word_catches_arabic_spelling_variants(client, akismet, phrase, written):
    ModerationWord.objects.create(phrase=phrase, action=ModerationWord.Action.BLOCK)
    post_comment(client, make_article(), comment=written)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert comment.events.get(event="disallowed").detail == phrase
    assert akismet.calls("comment-check") == []


def test_held_word_catches_arabic_spelling_variants_in_the_name(client, akismet):
    ModerationWord.objects.create(phrase="مكافأة", action=ModerationWord.Action.HOLD)
    post_comment(client, make_article(), author="صاحب المكافاة")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.events.get(event="held").detail == {"reason": "word", "word": "مكافأة"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("إعلان", "اعلان"),
        ("أعلن", "اعلن"),
        ("آمن", "امن"),
        ("ٱلله", "الله"),
        ("إِعْلَانٌ", "اعلان"),
        ("اعـــلان", "اعلان"),
        ("مكافأة", "مكافاه"),
        ("فتى", "فتي"),
        ("شاطئ", "شاطي"),
        ("مؤتمر", "موتمر"),
        ("مدرسة", "مدرسه"),
        ("کتاب", "كتاب"),
        ("١٢٣ ۴۵", "123 45"),
        ("Casino  FREE\n\tNow", "casino free now"),
        ("اع\u200blان", "اعlان"),
        ("\ufeffاعلان\u200c", "اعلان"),
        ("", ""),
    ],
)
def test_normalize_folds_spelling_variants(text, expected):
    assert normalize(text) == expected


def test_normalize_accepts_none():
    assert normalize(None) == ""


def test_normalized_variants_of_one_word_are_equal():
    variants = ["إعلان", "اعلان", "أعلان", "إِعْلَان", "اعـــلان", "ﺇﻋﻼﻥ"]
    assert {normalize(word) for word in variants} == {"اعلان"}


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("", 0),
        (None, 0),
        ("لا روابط هنا", 0),
        ("example.com", 0),
        ("http://a.example", 1),
        ("HTTPS://A.EXAMPLE", 1),
        ("www.example.com", 1),
        ("http://a.example و https://b.example و www.c.example", 3),
        ("https://www.example.com/page", 1),  # one address, one link
    ],
)
def test_count_links(text, links):
    assert count_links(text) == links


# --- returning author ------------------------------------------------------------------------


def test_ham_from_a_returning_author_is_approved(client, akismet):
    article = make_article()
    returning_author(article)

    post_comment(client, article)

    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.APPROVED
    assert events(comment) == ["received", "check-ham", "status-approved"]


def test_returning_author_is_recognised_on_another_article(client, akismet):
    returning_author(make_article())
    post_comment(client, make_article())
    assert Comment.objects.latest("pk").status == Comment.Status.APPROVED


def test_same_email_under_another_name_is_not_a_returning_author(client, akismet):
    article = make_article()
    earlier(article, author_name="اسم قديم", author_email=COMMENT_FORM["email"])
    post_comment(client, article)
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH]
)
def test_earlier_comments_that_were_not_approved_do_not_make_a_returning_author(
    client, akismet, status
):
    article = make_article()
    earlier(
        article,
        author_name=COMMENT_FORM["author"],
        author_email=COMMENT_FORM["email"],
        status=status,
    )
    post_comment(client, article, comment="نص مختلف")
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


def test_first_time_author_waits_for_a_moderator(client, akismet):
    post_comment(client, make_article())
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Verdict.HAM
    assert events(comment) == ["received", "check-ham"]


def test_without_an_akismet_key_even_a_returning_author_waits(client, settings):
    settings.AKISMET_API_KEY = ""
    article = make_article()
    returning_author(article)

    post_comment(client, article)

    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Verdict.SKIPPED
    assert events(comment) == ["received"]


def test_failed_check_leaves_a_returning_author_pending_with_an_error(client, akismet):
    akismet.mode = "error"
    article = make_article()
    returning_author(article)

    post_comment(client, article)

    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.PENDING
    assert comment.akismet_result == Verdict.ERROR
    assert events(comment) == ["received", "check-error"]


# --- replies ---------------------------------------------------------------------------------


def test_reply_is_stored_one_level_deeper_and_sent_to_akismet_as_a_reply(client, akismet):
    article = make_article()
    parent = earlier(article, parent=earlier(article))

    response = post_comment(client, article, comment_parent=str(parent.pk))

    reply = Comment.objects.get(parent=parent)
    assert response.status_code == 302
    assert reply.depth == 3
    (sent,) = akismet.calls("comment-check")
    assert sent["comment_type"] == ["reply"]
    assert reply.akismet_payload["comment_type"] == "reply"


def test_top_level_comment_is_sent_to_akismet_as_a_comment(client, akismet):
    post_comment(client, make_article())
    (sent,) = akismet.calls("comment-check")
    assert sent["comment_type"] == ["comment"]


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH]
)
def test_reply_to_a_comment_that_is_not_approved_is_refused(client, status):
    article = make_article()
    parent = earlier(article, status=status)
    response = post_comment(client, article, comment_parent=str(parent.pk))
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_reply_to_a_comment_of_another_article_is_refused(client):
    parent = earlier(make_article())
    response = post_comment(client, make_article(), comment_parent=str(parent.pk))
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_reply_may_reach_the_maximum_depth_but_not_go_beyond(client, settings):
    settings.COMMENTS_MAX_DEPTH = 3
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = make_article()
    second = earlier(article, parent=earlier(article))

    assert post_comment(client, article, comment_parent=str(second.pk)).status_code == 302
    third = Comment.objects.get(parent=second)
    actions.perform(third, "approve", by=None)
    assert third.depth == 3

    response = post_comment(client, article, comment="أعمق", comment_parent=str(third.pk))
    assert response.status_code == 400
    assert "comment_parent" in response.context["comment_form"].errors
    assert not Comment.objects.filter(parent=third).exists()


# --- closed articles -------------------------------------------------------------------------


def test_article_closed_to_comments_refuses_with_403(client):
    article = make_article(comments_open=False)
    response = post_comment(client, article)
    assert response.status_code == 403
    assert CLOSED_AR in response.content.decode()
    assert Comment.objects.count() == 0


def test_submit_comment_itself_refuses_a_closed_article():
    article = make_article(comments_open=False)
    with pytest.raises(CommentRejected) as refused:
        submit_comment(submission(article))
    assert refused.value.status == 403
    assert Comment.objects.count() == 0


def test_old_article_closes_after_the_set_number_of_days(client, settings):
    settings.COMMENTS_CLOSE_OLD = True
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    settings.COMMENTS_FLOOD_SECONDS = 0
    old = make_article(published_at=timezone.now() - timedelta(days=15))
    recent = make_article(published_at=timezone.now() - timedelta(days=13))

    assert post_comment(client, old).status_code == 403
    assert post_comment(client, recent).status_code == 302
    assert list(Comment.objects.values_list("article", flat=True)) == [recent.pk]


def test_old_articles_stay_open_when_closing_is_off(client, settings):
    settings.COMMENTS_CLOSE_OLD = False
    article = make_article(published_at=timezone.now() - timedelta(days=400))
    assert post_comment(client, article).status_code == 302


# --- the order of the rules ------------------------------------------------------------------


def test_closed_is_checked_before_duplicate(client):
    article = make_article(comments_open=False)
    earlier(article, author_name=COMMENT_FORM["author"], author_email=COMMENT_FORM["email"])
    Comment.objects.update(content=COMMENT_FORM["comment"])
    assert post_comment(client, article).status_code == 403


def test_duplicate_is_checked_before_flood(client):
    article = make_article()
    assert post_comment(client, article).status_code == 302

    response = post_comment(client, article)  # same text, within the flood window

    assert response.status_code == 409
    assert "Retry-After" not in response.headers
    assert Comment.objects.count() == 1


def test_flood_is_checked_before_the_honeypot(client, akismet):
    article = make_article()
    post_comment(client, article)

    response = post_comment(client, article, comment="اشترِ الآن", ak_hp_textarea="bot")

    assert response.status_code == 429
    assert Comment.objects.count() == 1
    assert not CommentEvent.objects.filter(event="honeypot").exists()


def test_honeypot_is_checked_before_blocked_words(client, akismet):
    ModerationWord.objects.create(phrase="كازينو", action=ModerationWord.Action.BLOCK)
    post_comment(client, make_article(), comment="كازينو", ak_hp_textarea="bot")
    assert events(Comment.objects.get()) == ["received", "honeypot", "status-spam"]


def test_blocked_word_is_checked_before_akismet_even_for_akismet_spam(client, akismet):
    ModerationWord.objects.create(phrase="كازينو", action=ModerationWord.Action.BLOCK)
    post_comment(client, make_article(), comment="كازينو", author="akismet-guaranteed-spam")
    assert events(Comment.objects.get()) == ["received", "disallowed", "status-spam"]
    assert akismet.calls("comment-check") == []


def test_held_word_is_checked_before_the_returning_author_rule(client, akismet):
    article = make_article()
    returning_author(article)
    ModerationWord.objects.create(phrase="عرض", action=ModerationWord.Action.HOLD)
    post_comment(client, article, comment="عرض خاص")
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


# --- one transaction -------------------------------------------------------------------------


def test_comment_and_its_history_are_written_together(client, akismet):
    post_comment(client, make_article())

    comment = Comment.objects.get()
    history = list(comment.events.all())
    assert [event.event for event in history] == ["received", "check-ham"]
    assert history[0].at == comment.created_at
    assert history[1].at == comment.akismet_checked_at


def test_submit_comment_returns_the_stored_comment(akismet):
    article = make_article()
    comment = submit_comment(submission(article, user_agent="UA/1.0", referrer="https://r.example"))
    stored = Comment.objects.get()
    assert stored.pk == comment.pk
    assert stored.ip == "198.51.100.7"
    assert stored.user_agent == "UA/1.0"
    assert stored.akismet_payload["user_agent"] == "UA/1.0"
    assert stored.akismet_guid.startswith("guid-")


def test_no_comment_is_stored_when_its_history_cannot_be_written(monkeypatch):
    article = make_article()

    def broken(*args, **kwargs):
        raise RuntimeError("the events table is unavailable")

    monkeypatch.setattr(CommentEvent.objects, "bulk_create", broken)

    with pytest.raises(RuntimeError):
        submit_comment(submission(article))

    assert Comment.objects.count() == 0
    assert CommentEvent.objects.count() == 0


@pytest.mark.parametrize(
    "variant",
    [
        "مقالٌ ممتازٌ، شكراً للكاتب.",  # diacritics
        "مقال ممتـــاز، شكراً للكاتب.",  # tatweel
        "مقال\u200b ممتاز، شكراً للكاتب.",  # zero-width space
        "\u202bمقال ممتاز، شكراً للكاتب.\u202c",  # bidi embedding
        "مقال  ممتاز،  شكراً للكاتب. ",  # spacing
    ],
)
def test_spelling_variant_of_the_same_text_is_a_duplicate(client, variant):
    article = make_article()
    earlier(
        article,
        author_name=COMMENT_FORM["author"],
        author_email=COMMENT_FORM["email"],
        content=COMMENT_FORM["comment"],
    )
    assert post_comment(client, article, comment=variant).status_code == 409
    assert Comment.objects.count() == 1
