"""Readers' reply subscriptions: every change to them, and what each change queues on commit
(docs/comments.md, "Reply notifications"). The e-mails themselves are comments.replymail's.

    subscribe(comment)         the reader ticked notify_replies: confirmation e-mail if needed
    confirm(address)           the reader followed the confirmation link
    unsubscribe(address)       no more reply notices (the one-click link): idempotent
    opt_out(address)           no mail at all from the site, confirmations included
    notice_replies(parents)    replies became visible (comments.actions): owed, batched
    erase(email)               the address and all that hangs on it, on an erasure request
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from comments import tasks
from comments.models import Comment
from comments.states import Status
from comments.subscriptions import (
    MailAddress,
    ReplyNotice,
    ReplySubscription,
    normalize_email,
)


def subscribe(comment: Comment) -> ReplySubscription | None:
    """Subscribe the author of a new comment to replies to it. An address not yet confirmed
    gets the confirmation e-mail (the worker applies the daily limit); an address that opted
    out of all mail is left alone. Spam subscribes nobody."""
    email = normalize_email(comment.author_email)
    if not email or comment.status == Status.SPAM:
        return None
    with transaction.atomic(savepoint=False):
        address = MailAddress.objects.filter(email=email).first()
        if address is None:  # a new address; two posts at once insert it once
            MailAddress.objects.bulk_create([MailAddress(email=email)], ignore_conflicts=True)
            address = MailAddress.objects.get(email=email)
        if address.opted_out_at is not None:
            return None
        subscription = ReplySubscription.objects.create(comment=comment, address=address)
        if address.confirmed_at is None:
            transaction.on_commit(lambda: tasks.enqueue_confirmation(address.pk))
    return subscription


def confirm(address: MailAddress) -> bool:
    """The reader confirmed the address; False if it was confirmed already (or opted out)."""
    return bool(
        MailAddress.objects.filter(pk=address.pk, confirmed_at=None, opted_out_at=None).update(
            confirmed_at=timezone.now()
        )
    )


def unsubscribe(address: MailAddress) -> int:
    """No more reply notices to this address (its subscriptions and what they still owe go);
    returns how many subscriptions ended. Doing it twice does nothing more."""
    with transaction.atomic(savepoint=False):
        ReplyNotice.objects.filter(address=address, sent_at=None, skipped="").update(
            skipped="unsubscribed"
        )
        return ReplySubscription.objects.filter(address=address).delete()[0]


def opt_out(address: MailAddress) -> None:
    """Stop all mail from the site to this address: every later send checks it."""
    with transaction.atomic(savepoint=False):
        unsubscribe(address)
        MailAddress.objects.filter(pk=address.pk, opted_out_at=None).update(
            opted_out_at=timezone.now()
        )


def notice_replies(parents: dict[int, int]) -> None:
    """Replies {reply id: parent id} became visible: each is owed once to the subscribed,
    confirmed author of its parent (not to a reply's own author), and the address's e-mail
    is queued for the end of its batching window unless one is already due. Runs inside the
    action's transaction; the tasks are queued on commit."""
    if not parents:
        return
    subscriptions = ReplySubscription.objects.filter(
        comment_id__in=set(parents.values()),
        address__confirmed_at__isnull=False,
        address__opted_out_at=None,
    ).select_related("address")
    by_parent = {subscription.comment_id: subscription.address for subscription in subscriptions}
    if not by_parent:
        return
    replies = Comment.objects.filter(pk__in=parents).values_list("pk", "author_email")
    owed = [
        ReplyNotice(reply_id=pk, address=by_parent[parents[pk]])
        for pk, author_email in replies
        if parents[pk] in by_parent
        and normalize_email(author_email) != by_parent[parents[pk]].email
    ]
    ReplyNotice.objects.bulk_create(owed, ignore_conflicts=True)  # once per reply, ever
    now = timezone.now()
    at = now + timedelta(minutes=settings.COMMENTS_NOTIFY_BATCH_MINUTES)
    due = {}
    for address_id in sorted({notice.address.pk for notice in owed}):
        # The row lock orders this with a running send: it either takes these replies, or
        # has cleared notice_due_at and the next e-mail is queued here.
        scheduled = (
            MailAddress.objects.select_for_update()
            .filter(pk=address_id)
            .values_list("notice_due_at", flat=True)
            .first()
        )
        if scheduled is None or scheduled < now:
            MailAddress.objects.filter(pk=address_id).update(notice_due_at=at)
            due[address_id] = at
    if due:
        transaction.on_commit(lambda: tasks.enqueue_reply_notices(due))


def erase(email: str) -> int:
    """Forget an address: its confirmation, opt-out, subscriptions, notices and sending log."""
    return MailAddress.objects.filter(email=normalize_email(email)).delete()[0]
