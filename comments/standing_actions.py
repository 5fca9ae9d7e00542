"""Every change of a commenter's standing and of the blocks, with its line of history (who,
when, what and why: StandingChange). The admin pages and the desk's buttons call these and
write nothing themselves. Trashing a commenter's past comments goes through
comments.actions, so the comments' history, the page caches and the desk's counts follow.
(The automatic trust after an approval is comments.actions', as part of that approval.)

    set_standing(standing, by=, reason=, trash_past=)   a new or changed standing record
    from_comment(comment, key, by=, reason=)            a desk button on an opened comment
    set_note(standing, note, by=)                       the moderators' notes
    block(block, by=) / unblock(block, by=, reason=)    an address, network or domain
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comments import actions
from comments.models import Comment
from comments.standing import (
    BlockKind,
    CommenterBlock,
    CommenterStanding,
    Level,
    StandingChange,
    email_key,
    normalise_network,
)

Action = StandingChange.Action
SUSPENSION = timedelta(days=7)  # the desk's "suspend 7 days"


def _when(moment) -> str:
    """A suspension's or a block's end, in the site's time zone, for the history line."""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _subject(standing: CommenterStanding) -> str:
    return standing.email or str(standing.user)


def comments_of(standing: CommenterStanding):
    """The commenter's comments: by their e-mail (whatever its capitals) or their account."""
    who = Q(pk__in=[])
    if standing.email:
        who |= Q(author_email__iexact=standing.email)
    if standing.user_id:
        who |= Q(user_id=standing.user_id)
    return Comment.objects.filter(who)


def set_standing(standing: CommenterStanding, *, by, reason="", trash_past=False) -> int:
    """Save a new or changed standing record and its history; with `trash_past`, also move the
    commenter's comments to the trash (returns how many moved)."""
    with transaction.atomic():
        standing.email = email_key(standing.email)
        if standing.level != Level.SUSPENDED:
            standing.until = None
        standing.updated_at = timezone.now()
        standing.save()
        detail = _when(standing.until)
        StandingChange.objects.create(
            standing=standing,
            subject=_subject(standing),
            action=Action.LEVEL,
            level=standing.level,
            detail=detail,
            reason=reason,
            actor=by,
        )
        trashed = 0
        if trash_past:
            trashed = actions.perform_many(comments_of(standing), "trash", by=by)
            StandingChange.objects.create(
                standing=standing,
                subject=_subject(standing),
                action=Action.TRASH_PAST,
                detail=str(trashed),
                reason=reason,
                actor=by,
            )
    return trashed


def set_note(standing: CommenterStanding, note: str, *, by) -> None:
    with transaction.atomic():
        standing.note = note
        if standing.pk is None:
            standing.level = standing.level or Level.NORMAL
        standing.save()
        StandingChange.objects.create(
            standing=standing, subject=_subject(standing), action=Action.NOTE, actor=by
        )


def standing_for_comment(comment: Comment) -> CommenterStanding:
    """The record of the comment's writer (by e-mail), new and unsaved if there is none."""
    email = email_key(comment.author_email)
    found = CommenterStanding.objects.filter(email=email).first()
    return found or CommenterStanding(email=email, user_id=comment.user_id, level=Level.NORMAL)


# The desk's buttons on an opened comment: the standing each one gives.
DESK_LEVELS = {
    "ban": Level.BANNED,
    "suspend": Level.SUSPENDED,
    "premoderate": Level.PREMODERATED,
    "trust": Level.TRUSTED,
    "normal": Level.NORMAL,
}


def from_comment(comment: Comment, key: str, *, by, reason="", trash_past=False) -> object:
    """One of the desk's buttons on an opened comment: a standing (DESK_LEVELS; a suspension
    lasts 7 days) for its writer, or "block_address" for its IPv4 address or IPv6 /64."""
    if key == "block_address":
        if not comment.ip:
            raise ValueError("the comment has no address")
        return block(CommenterBlock(kind=BlockKind.NETWORK, value=comment.ip, reason=reason), by=by)
    standing = standing_for_comment(comment)
    standing.level = DESK_LEVELS[key]
    standing.until = timezone.now() + SUSPENSION if key == "suspend" else None
    standing.trashed = set_standing(standing, by=by, reason=reason, trash_past=trash_past)
    return standing


def block(block: CommenterBlock, *, by) -> CommenterBlock:
    """Save a new or changed block (its value made canonical) and its history."""
    if block.kind == BlockKind.NETWORK:
        block.value = normalise_network(block.value)
    else:
        block.value = email_key(block.value).lstrip("@")
    with transaction.atomic():
        if block.pk is None:
            block.created_by = by
        block.save()
        StandingChange.objects.create(
            subject=block.value,
            action=Action.BLOCK,
            detail=_when(block.expires_at),
            reason=block.reason,
            actor=by,
        )
    return block


def unblock(block: CommenterBlock, *, by, reason="") -> None:
    with transaction.atomic():
        StandingChange.objects.create(
            subject=block.value, action=Action.UNBLOCK, reason=reason, actor=by
        )
        block.delete()
