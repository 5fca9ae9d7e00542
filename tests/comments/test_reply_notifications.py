"""Reply notifications (docs/comments.md, "Reply notifications"): the checkbox, the double
opt-in, the batched e-mail of replies sent by the worker, one-click unsubscribe (RFC 8058), the
opt-out of all mail, the daily limits and erasure. E-mail goes to Django's locmem outbox; tasks
go through the real database queue and `manage.py db_worker`, as in production."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import actions, privacy, replymail
from comments.models import Comment, MailAddress, ReplyNotice, ReplySubscription
from tests.conftest import run_worker
from tests.factories import make_article, make_comment, make_user, post_comment

# The worker runs outside any test transaction, and requests commit as in production.
pytestmark = pytest.mark.django_db(transaction=True)

READER = "Reader@Example.com"  # typed with capitals: stored and compared in lower case
ADDRESS = "reader@example.com"
LINK = re.compile(r"https?://\S+/comments/(confirm|unsubscribe)/[^/\s]+/")


@pytest.fixture(autouse=True)
def _setup(task_queue, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_NOTIFY_BATCH_MINUTES = 10


@pytest.fixture
def article():
    return make_article()


def mails_to(address=ADDRESS):
    return [message for message in mail.outbox if address in message.to]


def link(message, kind) -> str:
    """The path of the confirmation or unsubscribe link in an e-mail's body."""
    for match in LINK.finditer(message.body):
        if match.group(1) == kind:
            return urlsplit(match.group(0)).path
    raise AssertionError(f"no {kind} link in {message.body!r}")


def subscribe(client, article, **fields):
    """The reader posts a comment with the box ticked; a moderator approves it."""
    fields = {"email": READER, "notify_replies": "on", **fields}
    response = post_comment(client, article, **fields)
    assert response.status_code == 302
    comment = Comment.objects.filter(author_email=fields["email"]).latest("pk")
    actions.perform(comment, "approve", by=None)
    return comment


def confirm(client):
    """Follow the confirmation link of the one confirmation e-mail, press its button."""
    run_worker()
    (message,) = mails_to()
    path = link(message, "confirm")
    assert client.get(path).status_code == 200
    assert MailAddress.objects.get().confirmed_at is None  # a GET changes nothing
    response = Client(enforce_csrf_checks=True).post(path)  # the page's button: no token
    assert response.status_code == 200
    assert MailAddress.objects.get().confirmed_at is not None
    mail.outbox.clear()


def approved_reply(article, parent, n=1, *, email=None):
    """Another reader's reply, waiting, then approved by a moderator (the pending→approved
    path of comments.actions)."""
    reply = make_comment(
        article,
        parent=parent,
        status=Comment.Status.PENDING,
        content=f"ردّ رقم {n}",
        author_email=email or f"other{n}@example.com",
    )
    actions.perform(reply, "approve", by=None)
    return reply


def after_the_window(minutes=11):
    """Run the worker once the batching window has ended."""
    with time_machine.travel(timezone.now() + timedelta(minutes=minutes)):
        run_worker()


# --- the form -------------------------------------------------------------------------------


def test_the_form_has_the_notify_box_unchecked(client, article):
    page = client.get(article.get_absolute_url()).content.decode()

    box = re.search(r'<input[^>]*name="notify_replies"[^>]*>', page).group(0)
    assert 'type="checkbox"' in box
    assert "checked" not in box
    assert "أعلمني بالردود على تعليقي" in page


def test_without_the_box_nothing_is_stored_and_nothing_sent(client, article):
    post_comment(client, article, email=READER)
    run_worker()

    assert not MailAddress.objects.exists()
    assert mails_to() == []


# --- the whole path -------------------------------------------------------------------------


def test_opt_in_reply_batch_and_one_click_unsubscribe(client, article):
    parent = subscribe(client, article)
    run_worker()

    # One confirmation e-mail, in Arabic, with the unsubscribe headers.
    (confirmation,) = mails_to()
    assert "أكّد" in confirmation.subject or "تأكيد" in confirmation.subject
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert MailAddress.objects.get().email == ADDRESS  # case-insensitive

    confirm(client)

    # A reply approved: one e-mail when the window ends, not before.
    approved_reply(article, parent, 1)
    run_worker()
    assert mails_to() == []
    after_the_window()
    (notice,) = mails_to()
    unsubscribe_path = link(notice, "unsubscribe")
    assert notice.extra_headers["List-Unsubscribe"] == (
        f"<http://127.0.0.1:8000{unsubscribe_path}>"
    )
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "ردّ رقم 1" in notice.body
    assert f"#comment-{Comment.objects.get(content='ردّ رقم 1').pk}" in notice.body
    mail.outbox.clear()

    # Two replies within the window: one e-mail with both.
    approved_reply(article, parent, 2)
    approved_reply(article, parent, 3)
    after_the_window()
    (batch,) = mails_to()
    assert "ردّ رقم 2" in batch.body
    assert "ردّ رقم 3" in batch.body
    mail.outbox.clear()

    # A link scanner's GET changes nothing.
    scanner = Client()
    assert scanner.get(unsubscribe_path).status_code == 200
    assert ReplySubscription.objects.exists()

    # The mail client's one-click POST: no cookie, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        unsubscribe_path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not ReplySubscription.objects.exists()
    # Again: the same answer (idempotent).
    assert (
        mail_client.post(
            unsubscribe_path,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        ).status_code
        == 200
    )

    approved_reply(article, parent, 4)
    after_the_window()
    assert mails_to() == []


# --- what is never sent ---------------------------------------------------------------------


def test_an_unconfirmed_address_gets_nothing_but_the_confirmation(client, article):
    parent = subscribe(client, article)
    approved_reply(article, parent, 1)
    after_the_window()

    (only,) = mails_to()
    assert "/comments/confirm/" in only.body
    assert not ReplyNotice.objects.exists()


def test_no_mail_for_ones_own_reply_nor_for_a_reply_no_longer_public(client, article):
    parent = subscribe(client, article)
    confirm(client)

    approved_reply(article, parent, 1, email="READER@example.com")  # the subscriber's own
    reply = approved_reply(article, parent, 2)
    actions.perform(reply, "trash", by=None)  # gone before the e-mail went
    after_the_window()

    assert mails_to() == []


def test_a_reply_approved_by_akismets_verdict_is_announced(client, article, akismet):
    parent = subscribe(client, article)
    confirm(client)
    make_comment(article, author_name="سمير", author_email="samir@example.com")

    # A returning author cleared by Akismet: approved at once, through record_verdict.
    response = post_comment(
        client,
        article,
        author="سمير",
        email="samir@example.com",
        comment="أوافقك الرأي",
        comment_parent=str(parent.pk),
        ip="198.51.100.7",
    )
    assert response.status_code == 302
    assert Comment.objects.get(content="أوافقك الرأي").status == Comment.Status.APPROVED
    after_the_window()

    (notice,) = mails_to()
    assert "أوافقك الرأي" in notice.body


def test_a_spam_comment_subscribes_nobody(client, article, akismet):
    post_comment(client, article, email="akismet-guaranteed-spam@example.com", notify_replies="on")
    run_worker()

    assert not ReplySubscription.objects.exists()
    assert mail.outbox == []


def test_a_staff_reply_from_the_desk_is_announced(client, article):
    parent = subscribe(client, article)
    confirm(client)
    moderator = make_user(email="desk@example.com")

    actions.reply(parent, "شكراً على ملاحظتك", by=moderator)
    after_the_window()

    (notice,) = mails_to()
    assert "شكراً على ملاحظتك" in notice.body


def test_a_reply_is_announced_once_even_if_approved_twice(client, article):
    parent = subscribe(client, article)
    confirm(client)
    reply = approved_reply(article, parent, 1)
    after_the_window()
    mail.outbox.clear()

    actions.perform(reply, "unapprove", by=None)
    actions.perform(reply, "approve", by=None)
    after_the_window(30)

    assert mails_to() == []


# --- stopping all mail ----------------------------------------------------------------------


def test_stop_all_mail_is_honoured_by_every_later_send_confirmations_included(client, article):
    parent = subscribe(client, article)
    run_worker()
    (confirmation,) = mails_to()
    path = link(confirmation, "unsubscribe")

    response = Client(enforce_csrf_checks=True).post(path, {"scope": "all"})
    assert response.status_code == 200
    assert "لن يرسل هذا الموقع" in response.content.decode()
    assert MailAddress.objects.get().opted_out_at is not None
    mail.outbox.clear()

    subscribe(client, article, comment="تعليق آخر")  # ticks the box again
    approved_reply(article, parent, 1)
    after_the_window()
    # The confirmation link of the first e-mail no longer confirms.
    client.post(link(confirmation, "confirm"))

    assert mails_to() == []
    assert MailAddress.objects.get().confirmed_at is None


# --- links that do not work ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["confirm-address", "unsubscribe"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_token_is_an_arabic_400_page(client, kind, method):
    url = reverse(f"comments:{kind}", kwargs={"token": "1:forged"})

    response = getattr(client, method)(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 400
    assert "هذا الرابط غير صالح" in response.content.decode()


def test_an_expired_confirmation_link_is_a_400(client, article, settings):
    settings.COMMENTS_NOTIFY_CONFIRM_DAYS = 7
    subscribe(client, article)
    run_worker()
    path = link(mails_to()[0], "confirm")

    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.post(path)

    assert response.status_code == 400
    assert MailAddress.objects.get().confirmed_at is None


def test_a_link_for_an_erased_address_is_a_404_page(client, article):
    subscribe(client, article)
    run_worker()
    confirm_path = link(mails_to()[0], "confirm")
    unsubscribe_path = link(mails_to()[0], "unsubscribe")
    privacy.erase(READER)

    assert client.get(confirm_path).status_code == 404
    assert client.get(unsubscribe_path).status_code == 404
    # A mail client's one-click after the erasure: nothing is stored, so it succeeded.
    assert client.post(unsubscribe_path, {"List-Unsubscribe": "One-Click"}).status_code == 200


def test_an_unsubscribe_post_without_a_choice_is_a_400(client, article):
    subscribe(client, article)
    token = replymail.unsubscribe_token(MailAddress.objects.get())

    response = client.post(reverse("comments:unsubscribe", kwargs={"token": token}), {})

    assert response.status_code == 400
    assert ReplySubscription.objects.exists()


def test_tokens_of_one_kind_do_not_work_as_the_other(article, client):
    subscribe(client, article)
    address = MailAddress.objects.get()

    with pytest.raises(signing.BadSignature):
        replymail.address_of_confirm_token(replymail.unsubscribe_token(address))
    with pytest.raises(signing.BadSignature):
        replymail.address_of_unsubscribe_token(replymail.confirm_token(address))


# --- limits ---------------------------------------------------------------------------------


def test_at_most_n_confirmation_mails_a_day(client, article, settings):
    settings.COMMENTS_NOTIFY_CONFIRMATIONS_PER_DAY = 2
    for n in range(4):
        subscribe(client, article, comment=f"تعليق {n}", email=ADDRESS.upper() if n else READER)
    run_worker()

    assert len(mails_to()) == 2
    assert MailAddress.objects.count() == 1

    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        subscribe(client, article, comment="بعد يوم")
        run_worker()
    assert len(mails_to()) == 3


def test_at_most_n_reply_mails_a_day(client, article, settings):
    settings.COMMENTS_NOTIFY_PER_DAY = 1
    parent = subscribe(client, article)
    confirm(client)

    approved_reply(article, parent, 1)
    after_the_window(11)
    with time_machine.travel(timezone.now() + timedelta(minutes=20)):
        approved_reply(article, parent, 2)
    after_the_window(40)

    (only,) = mails_to()
    assert "ردّ رقم 1" in only.body


# --- personal data --------------------------------------------------------------------------


def test_erasure_removes_the_subscription_data(client, article):
    parent = subscribe(client, article)
    confirm(client)
    approved_reply(article, parent, 1)
    after_the_window()
    assert privacy.export(ADDRESS)["reply_notifications"]["subscribed_comments"] == [parent.pk]

    privacy.erase(READER)

    assert not MailAddress.objects.exists()
    assert not ReplySubscription.objects.exists()
    assert not ReplyNotice.objects.exists()


def test_addresses_never_confirmed_are_forgotten_after_their_link_expired(client, article):
    subscribe(client, article)
    later = timezone.now() + timedelta(days=9)

    assert privacy.forget_unused_addresses(now=later) == 1
    assert not MailAddress.objects.exists()


def test_what_the_box_adds_to_a_comment_post(client, article):
    """A new address: its read, insert and read again, the subscription, BEGIN and COMMIT,
    and the confirmation task's row on commit (7); a known one: 5."""
    post_comment(client, article, email="warm@example.com", comment="أول")  # warm caches
    with CaptureQueriesContext(connection) as plain:
        post_comment(client, article, email="plain@example.com", comment="بلا إشعار")
    with CaptureQueriesContext(connection) as new_address:
        post_comment(client, article, email=READER, comment="مع إشعار", notify_replies="on")
    with CaptureQueriesContext(connection) as known_address:
        post_comment(client, article, email=READER, comment="مرة ثانية", notify_replies="on")

    assert len(new_address) - len(plain) == 7
    assert len(known_address) - len(plain) == 5
