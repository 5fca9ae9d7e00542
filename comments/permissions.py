"""Who may do what on the comment desk: the one place the admin, the desk, the rules and the
spam package ask."""

from __future__ import annotations

from comments.states import ACTIONS

MODERATE = "comments.moderate_comment"


def can_moderate(user) -> bool:
    """Moderators and editors (the moderate_comment permission, or a superuser)."""
    return bool(user and user.is_authenticated and user.has_perm(MODERATE))


def can_perform(user, action, comment=None) -> bool:
    """May `user` apply the moderator action (a states.ModeratorAction), to `comment`
    as it is now when given?"""
    if not (user and user.is_authenticated and user.has_perm(action.permission)):
        return False
    return comment is None or action.fits(comment)


def can_delete(user, comment=None) -> bool:
    """Deleting is for those who moderate, and only from the spam queues or the trash: until
    then the comment and its history are kept."""
    return can_perform(user, ACTIONS["delete"], comment)


def can_empty(user) -> bool:
    """Emptying the spam queues or the trash at once: moderators and editors."""
    return can_delete(user)


def can_reply(user) -> bool:
    """Answering a reader from the desk, as the newsroom."""
    return can_moderate(user)


def can_export_personal_data(user) -> bool:
    """Handing a commenter everything stored about them (a data-protection request): those
    who moderate, who see that data on the desk already."""
    return can_moderate(user)


def can_erase_personal_data(user) -> bool:
    """Erasing a commenter's personal data is final: those who may delete comments
    (moderators and editors)."""
    return can_delete(user)


def can_change_standing(user) -> bool:
    """Banning, suspending, pre-moderating or trusting a commenter, and their notes: those
    given the standing records (Moderators and Editors)."""
    return bool(
        user and user.is_authenticated and user.has_perm("comments.change_commenterstanding")
    )


def can_block(user) -> bool:
    """Blocking an address, a network or an e-mail domain (Moderators and Editors)."""
    return bool(user and user.is_authenticated and user.has_perm("comments.add_commenterblock"))
