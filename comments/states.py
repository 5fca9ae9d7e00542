"""What a comment can be, and the moderators' moves between those states: data only.

The statuses, Akismet's verdicts, the reports owed to Akismet, the moderator actions table and
the desk's queues are written here once. The models, the querysets, the permissions, the admin
and comments.actions (which performs the moves) all read them; this module imports no other
module of the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    SPAM = "spam", _("Spam")
    TRASH = "trash", _("Trash")


class Verdict(models.TextChoices):
    """Akismet's answer about a comment, as stored (Comment.akismet_result) and as the spam
    package returns it (spam.check)."""

    UNCHECKED = "unchecked", _("Not checked yet")
    SKIPPED = "skipped", _("Not checked")
    HAM = "ham", _("Cleared")
    SPAM = "spam", _("Spam")
    DISCARD = "discard", _("Blatant spam")
    ERROR = "error", _("Check failed")


class Report(models.TextChoices):
    """A moderator's decision not yet reported to Akismet."""

    NONE = "", _("Nothing")
    SPAM = "spam", _("Spam")
    HAM = "ham", _("Not spam")


# How long spam and what was sent to Akismet are kept, and how long a failed check is retried
# (WordPress's 15 days for all three).
SPAM_KEPT = timedelta(days=15)

# The longest comment WordPress accepts, in bytes of UTF-8 (a MySQL TEXT column less its
# overhead): for readers' comments and staff replies alike.
MAX_COMMENT_LENGTH = 65525


# What an erased comment holds instead of its writer's personal data (comments.actions.erase):
# the text and its place in the thread stay.
ERASED_NAME = "مجهول"  # "anonymous": what readers see instead of an erased name
ERASED_EMAIL = "erased@newsroom.invalid"  # the field is required; .invalid never delivers
TRACES = {"ip": None, "ip_block": "", "user_agent": "", "referrer": "", "akismet_payload": None}
ERASED = {"author_name": ERASED_NAME, "author_email": ERASED_EMAIL, "author_url": "", "user": None}
ERASED.update(TRACES)


# --- the desk's queues -----------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    """One status link above the desk's list: ?status=<key> shows CommentQuerySet.<method>()."""

    key: str
    label: Promise
    method: str
    # The queues that can be emptied at once: the button above the list, the confirmation page.
    empty_label: Promise | None = None
    empty_title: Promise | None = None

    @property
    def emptiable(self) -> bool:
        return self.empty_label is not None


QUEUES: dict[str, Queue] = {
    queue.key: queue
    for queue in [
        Queue("all", _("All"), "desk_all"),
        Queue("pending", _("Pending"), "pending"),
        Queue("approved", _("Approved"), "visible"),
        Queue("spam", _("Spam"), "spam", _("Empty spam"), _("Empty the spam queue")),
        Queue(
            "blatant",
            _("Blatant spam"),
            "blatant",
            _("Empty blatant spam"),
            _("Empty the blatant spam"),
        ),
        Queue("trash", _("Trash"), "trash", _("Empty trash"), _("Empty the trash")),
        Queue("reported", _("Reported"), "reported"),
    ]
}


# --- the moderators' actions -----------------------------------------------------------------

PREVIOUS = "previous"  # back to the status it had before (or pending), as WordPress does
DELETE = "delete"  # gone for good: only from the spam queues or the trash


@dataclass(frozen=True)
class ModeratorAction:
    """One thing a moderator can do to a comment, the same on the list, the page, the keys
    and the bulk drop-down; comments.actions.perform() carries it out."""

    key: str
    label: Promise
    target: str  # a Status, PREVIOUS or DELETE
    applies_to: frozenset[str]
    report: str = ""  # what Akismet is owed afterwards (Report); "" cancels an unsent one
    permission: str = "comments.moderate_comment"
    shortcut: str = ""  # the desk's keyboard shortcut
    undo: str = ""  # the action that reverses it
    bulk: str = ""  # its name in the list's drop-down of bulk actions ("" = not offered there)
    done: Promise | None = None  # the bulk action's message, with %(count)d
    reported_only: bool = False  # offered only for a comment with open readers' reports
    featured: bool | None = None  # makes (True) or unmakes (False) an editor's pick

    def fits(self, comment) -> bool:
        """Does the action apply to `comment` as it is now?"""
        if comment.status not in self.applies_to:
            return False
        if self.reported_only and not comment.open_reports:
            return False
        return self.featured is None or self.featured != bool(comment.featured_at)


ACTIONS: dict[str, ModeratorAction] = {
    action.key: action
    for action in [
        ModeratorAction(
            "approve",
            _("Approve"),
            Status.APPROVED,
            frozenset({Status.PENDING}),
            shortcut="a",
            undo="unapprove",
            bulk="approve",
            done=ngettext_lazy(
                "%(count)d comment approved.", "%(count)d comments approved.", "count"
            ),
        ),
        ModeratorAction(
            "unapprove",
            _("Unapprove"),
            Status.PENDING,
            frozenset({Status.APPROVED}),
            shortcut="u",
            undo="approve",
            bulk="unapprove",
            done=ngettext_lazy(
                "%(count)d comment sent back to moderation.",
                "%(count)d comments sent back to moderation.",
                "count",
            ),
        ),
        ModeratorAction(
            "spam",
            _("Mark as spam"),
            Status.SPAM,
            frozenset({Status.PENDING, Status.APPROVED}),
            report=Report.SPAM,
            shortcut="s",
            undo="not_spam",
            bulk="mark_spam",
            done=ngettext_lazy(
                "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", "count"
            ),
        ),
        ModeratorAction(
            "not_spam",
            _("Not spam"),
            PREVIOUS,
            frozenset({Status.SPAM}),
            report=Report.HAM,
            shortcut="n",
            undo="spam",
            bulk="mark_not_spam",
            done=ngettext_lazy(
                "%(count)d comment taken out of spam, back where it was before.",
                "%(count)d comments taken out of spam, back where they were before.",
                "count",
            ),
        ),
        ModeratorAction(
            "trash",
            _("Move to trash"),
            Status.TRASH,
            frozenset({Status.PENDING, Status.APPROVED, Status.SPAM}),
            shortcut="t",
            undo="restore",
            bulk="trash",
            done=ngettext_lazy(
                "%(count)d comment moved to the trash.",
                "%(count)d comments moved to the trash.",
                "count",
            ),
        ),
        ModeratorAction(
            "restore",
            _("Restore"),
            PREVIOUS,
            frozenset({Status.TRASH}),
            shortcut="e",
            undo="trash",
            bulk="restore",
            done=ngettext_lazy(
                "%(count)d comment restored from the trash.",
                "%(count)d comments restored from the trash.",
                "count",
            ),
        ),
        # Readers' reports reviewed and found wanting: the comment stays (or goes back) up.
        ModeratorAction(
            "dismiss_reports",
            _("Dismiss reports"),
            Status.APPROVED,
            frozenset({Status.PENDING, Status.APPROVED}),
            bulk="dismiss_reports",
            reported_only=True,
            done=ngettext_lazy(
                "Reports dismissed on %(count)d comment.",
                "Reports dismissed on %(count)d comments.",
                "count",
            ),
        ),
        # Editor's picks: only a published comment is featured; it shows above the thread.
        ModeratorAction(
            "feature",
            _("Make an editor's pick"),
            Status.APPROVED,
            frozenset({Status.APPROVED}),
            undo="unfeature",
            bulk="feature",
            featured=True,
            done=ngettext_lazy(
                "%(count)d comment made an editor's pick.",
                "%(count)d comments made editor's picks.",
                "count",
            ),
        ),
        ModeratorAction(
            "unfeature",
            _("Remove from editor's picks"),
            Status.APPROVED,
            frozenset({Status.APPROVED}),
            undo="feature",
            bulk="unfeature",
            featured=False,
            done=ngettext_lazy(
                "%(count)d comment removed from the editor's picks.",
                "%(count)d comments removed from the editor's picks.",
                "count",
            ),
        ),
        # Not in the drop-down: deleting goes through the admin's confirmation page.
        ModeratorAction(
            "delete", _("Delete permanently"), DELETE, frozenset({Status.SPAM, Status.TRASH})
        ),
    ]
}


# The desk's keys are physical keys (KeyboardEvent.code): the letter each one types on the
# standard Arabic (101) layout, shown next to the Latin letter in the desk's shortcut help.
ARABIC_KEYS = {
    "a": "ش",
    "d": "ي",
    "e": "ث",
    "j": "ت",
    "k": "ن",
    "n": "ى",
    "r": "ق",
    "s": "س",
    "t": "ف",
    "u": "ع",
    "z": "ئ",
}


# --- readers' reports ------------------------------------------------------------------------


class ReportReason(models.TextChoices):
    """Why a reader reports a comment (POST /comments/<id>/report/, `reason`)."""

    SPAM = "spam", _("Spam")
    OFFENSIVE = "offensive", _("Offensive")
    HARASSMENT = "harassment", _("Harassment or hate")
    MISINFORMATION = "misinformation", _("Misinformation")
    OTHER = "other", _("Other")


REPORT_DETAILS_LENGTH = 500  # characters
