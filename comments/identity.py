"""Who speaks for the paper in the comments (docs/comments.md, "Staff identity").

One rule, read by the desk (what its reply box promises), by comments.actions (the name a staff
reply is published under) and by the reader's form (a signed-in staff member's comment): the
name is COMMENTS_STAFF_NAME, the paper's name by default, or the staff member's own name when
that setting is empty. The "فريق التحرير" badge comes from Comment.by_staff, which only a
signed-in staff member sets: a reader who types a staff member's name gets no badge.
"""

from __future__ import annotations

from django.conf import settings

from comments.permissions import can_moderate
from newsroom.site import display_name


def speaks_as_staff(user) -> bool:
    """Signed-in staff who may moderate: their comments carry the badge and skip Akismet."""
    return bool(user and user.is_authenticated and user.is_staff and can_moderate(user))


def staff_name(user) -> str:
    """The name readers see on a comment or reply by `user` when they speak as staff."""
    return settings.COMMENTS_STAFF_NAME or display_name(user)
