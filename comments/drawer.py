"""The commenter drawer of an opened comment on the desk: its writer's standing and notes,
their counts, last comments, the addresses they used and the standing's history, in a fixed
number of queries whatever their history (tests/comments/test_standing.py asserts it)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import ngettext

from comments.models import Comment
from comments.standing import Level, StandingChange, standing_of
from comments.states import Status

LAST_COMMENTS = 10
ADDRESSES = 20


COUNTED = [Status.APPROVED, Status.PENDING, Status.SPAM, Status.TRASH, "reported"]


def _count_text(key: str, n: int) -> str:
    texts = {
        Status.APPROVED: ngettext("%(count)d approved", "%(count)d approved", n),
        Status.PENDING: ngettext("%(count)d waiting", "%(count)d waiting", n),
        Status.SPAM: ngettext("%(count)d in spam", "%(count)d in spam", n),
        Status.TRASH: ngettext("%(count)d in the trash", "%(count)d in the trash", n),
        "reported": ngettext("%(count)d reported", "%(count)d reported", n),
    }
    return texts[key] % {"count": n}


def commenter_drawer(comment: Comment) -> dict:
    """Five queries: the standing, the counts, the last comments, the addresses, the history."""
    who = Q(author_email__iexact=comment.author_email)
    if comment.user_id:
        who |= Q(user_id=comment.user_id)
    theirs = Comment.objects.filter(who).order_by()
    counts = theirs.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values},
        reported=Count("pk", filter=Q(open_reports__gt=0)),
    )
    standing = standing_of(comment.author_email, comment.user)
    last = list(
        theirs.order_by("-created_at", "-pk").only(
            "pk", "status", "content", "created_at", "article_id"
        )[:LAST_COMMENTS]
    )
    addresses = list(theirs.exclude(ip=None).values_list("ip", flat=True).distinct()[:ADDRESSES])
    history = []
    if standing is not None:
        history = list(
            StandingChange.objects.filter(standing=standing).select_related("actor")[:20]
        )
    return {
        "standing": standing,
        "level": standing.get_level_display() if standing else Level.NORMAL.label,
        "counts": [(key, _count_text(key, counts[key])) for key in COUNTED],
        "raw_counts": counts,
        "last_comments": last,
        "addresses": addresses,
        "history": history,
    }
