"""Every change of a comment's state, in one place (docs/comments.md, "Actions").

Each function takes the row locks it needs, writes the comment's history (CommentEvent), sends
newsroom.signals.visible_comments_changed once when what readers see changed (and never when
it did not), and queues on commit what the change owes: the moderators' digest for a comment
left waiting, the Akismet report for a moderator's spam / not-spam decision. Views, the desk,
the admin, the commands and the tasks call these and queue nothing themselves.

    receive(comment, events)        a reader's new comment, with the local rules' verdict
    record_verdict(comment, ...)    Akismet's first verdict, unless someone decided first
    record_recheck(comment, ...)    a later Akismet answer (a retry, a moderator's re-check)
    perform(comment, key, by=)      one moderator action of the table (states.ACTIONS)
    perform_many(comments, key)     the same on many comments (the list's bulk actions)
    reply(comment, content, by=)    a staff reply from the desk (approving what it answers)
    erase(comments, by=)            a reader's personal data removed on request
    delete(comments, by=)           comments gone for good, with their history
    report(comment, reason, ...)    a reader's report (held at COMMENTS_REPORTS_TO_HOLD readers)
    edit(comment, content, events)  its writer's new text, judged again (moderation.edit_comment)
    withdraw(comment)               its writer deletes it within the edit window (to the trash)

Approving a comment Akismet cleared also makes its normal commenter trusted
(standing.trust_if_cleared); every other change of a commenter's standing or of a block is
comments.standing_actions'.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from comments import identity, spam, standing
from comments.models import Comment, CommentEvent, CommentReport
from comments.owed import Owed
from comments.rendering import render_fragments
from comments.states import ACTIONS, DELETE, ERASED, PREVIOUS, Status, Verdict

Event = CommentEvent.Event

# What an Akismet check writes on the comment (besides its status and HTML).
CHECK_FIELDS = [
    "akismet_attempts",
    "akismet_payload",
    "akismet_result",
    "akismet_checked_at",
    "akismet_guid",
]


def _unit():
    """A transaction of its own, or a part of the caller's: no savepoint, since an action is
    all or nothing (and a savepoint costs two queries on a reader's POST)."""
    return transaction.atomic(savepoint=False)


def write_history(comment: Comment, events, *, at=None, by=None) -> None:
    """Append (event, detail) pairs to the comment's history, in one query."""
    at = at or timezone.now()
    CommentEvent.objects.bulk_create(
        CommentEvent(comment=comment, event=event, detail=detail, at=at, actor=by)
        for event, detail in events
    )


def _move(locked: Comment, status: str, *, by) -> str:
    """Write the new status of a locked comment and its line of history; returns the old one.
    A comment that stops being published stops being an editor's pick."""
    old = locked.status
    if old != status:
        locked.status = status
        locked.save(update_fields=["status"])
        locked.log(f"status-{status}", by=by, detail={"from": old, "to": status})
        if locked.featured_at and status != Status.APPROVED:
            _feature(locked, False, by=by)
    return old


def _feature(locked: Comment, featured: bool, *, by) -> None:
    """Make (or unmake) a locked comment an editor's pick: its stored HTML carries the badge."""
    locked.featured_at = timezone.now() if featured else None
    Comment.objects.filter(pk=locked.pk).update(featured_at=locked.featured_at)
    locked.store_html()
    locked.log(Event.FEATURED if featured else Event.UNFEATURED, by=by)


def _locked(pk) -> Comment | None:
    return Comment.objects.select_for_update().filter(pk=pk).first()


# --- what readers and Akismet decide -----------------------------------------------------


def receive(comment: Comment, events, *, at=None) -> Comment:
    """Store a reader's new comment with its status as the local rules left it (held, filed
    as spam, approved, or pending and unchecked while Akismet is asked) and its history.

    An unchecked comment gets its HTML with the verdict (record_verdict), in the same UPDATE.
    """
    owed = Owed()
    with _unit():
        comment.save()
        if comment.akismet_result != Verdict.UNCHECKED:
            comment.store_html()
            owed.digest = comment.status == Status.PENDING
        write_history(comment, events, at=at)
        if comment.is_visible:
            owed.became_visible(comment)
        owed.settle()
    return comment


def record_verdict(comment: Comment, events, *, at=None) -> bool:
    """Write Akismet's first verdict (comment.status and the CHECK_FIELDS as set by the caller)
    with the comment's HTML; False if a moderator or recheck_comments decided first.

    One conditional UPDATE that only matches a comment still pending and unchecked takes the
    place of a row lock: nobody waits for it, and nothing is read again.
    """
    comment.html = render_fragments(comment)
    owed = Owed()
    with _unit():
        written = (
            Comment.objects.unchecked()
            .filter(pk=comment.pk)
            .update(
                status=comment.status,
                html=comment.html,
                **{name: getattr(comment, name) for name in CHECK_FIELDS},
            )
        )
        if not written:
            return False
        write_history(comment, events, at=at)
        owed.digest = comment.status == Status.PENDING
        if comment.is_visible:
            owed.became_visible(comment)
            standing.trust_if_cleared(comment, by=None)
        owed.settle()
    return True


def record_recheck(comment: Comment, events, *, status: str, by=None) -> None:
    """Write a later Akismet answer (the CHECK_FIELDS set by the caller) and its history, and
    move the comment to `status` if it is still pending (a moderator may have decided while
    Akismet was asked)."""
    owed = Owed()
    with _unit():
        locked = _locked(comment.pk)
        if locked is None:
            return
        comment.save(update_fields=CHECK_FIELDS)
        write_history(comment, events, by=by)
        if locked.status == Status.PENDING and status != Status.PENDING:
            _move(locked, status, by=by)
            if status == Status.APPROVED:
                owed.became_visible(locked)
                standing.trust_if_cleared(comment, by=by)
        comment.status = locked.status
        owed.settle(by=by)


# --- what moderators decide --------------------------------------------------------------


def _perform(comment: Comment, key: str, *, by, owed: Owed) -> bool:
    """The moderator action `key` on `comment`, under its row lock; True if it did anything."""
    action = ACTIONS[key]
    locked = _locked(comment.pk)
    if locked is None or not action.fits(locked):
        return False
    if action.featured is not None:
        _feature(locked, action.featured, by=by)
        comment.featured_at = locked.featured_at
        owed.article_ids.add(locked.article_id)
        return True
    if action.target == DELETE:
        _delete_rows([locked.pk], owed)
        return True
    target = locked.status_before(locked.status) if action.target == PREVIOUS else action.target
    old = _move(locked, target, by=by)
    comment.status, comment.featured_at = locked.status, locked.featured_at
    if locked.open_reports and target != Status.PENDING:
        _resolve_reports(locked, by=by)
        comment.open_reports, comment.report_reasons = 0, {}
    if Status.APPROVED in (old, target) and old != target:
        owed.article_ids.add(locked.article_id)
        if target == Status.APPROVED:
            standing.trust_if_cleared(locked, by=by)
            owed.became_visible(locked)
    if spam.is_enabled():
        if locked.akismet_report != action.report:
            Comment.objects.filter(pk=locked.pk).update(akismet_report=action.report)
            comment.akismet_report = action.report
        if action.report:
            owed.report_ids.append(locked.pk)  # sent by the worker (reports.send_owed)
    return True


def perform(comment: Comment, key: str, *, by) -> bool:
    """Perform the moderator action `key` (states.ACTIONS) on one comment; True if it did
    anything (False when the comment is gone or no longer in a status the action applies to).
    The comment passed in gets its new status."""
    owed = Owed()
    with _unit():
        done = _perform(comment, key, by=by, owed=owed)
        owed.settle(by=by)
    return done


def perform_many(comments: QuerySet, key: str, *, by) -> int:
    """The moderator action `key` on each of `comments` that it applies to, locked in the
    order of their keys; returns how many changed. One signal, one report task for all."""
    owed = Owed()
    with _unit():
        changed = sum(
            _perform(comment, key, by=by, owed=owed)
            for comment in Comment.objects.filter(pk__in=comments.values("pk")).order_by("pk")
        )
        owed.settle(by=by)
    return changed


def reply(comment: Comment, content: str, *, by) -> Comment:
    """A moderator answers from the desk: an approved reply by `by`, threaded under the comment
    (beside it when the thread is at its deepest), approving it if it was pending."""
    if comment.status not in (Status.PENDING, Status.APPROVED):
        raise ValueError("only pending or approved comments can be answered")
    owed = Owed()
    with _unit():
        _perform(comment, "approve", by=by, owed=owed)
        parent = comment if comment.depth < settings.COMMENTS_MAX_DEPTH else comment.parent
        parent = parent or comment
        answer = Comment.objects.create(
            article_id=comment.article_id,
            parent=parent,
            depth=parent.depth + 1,
            author_name=identity.staff_name(by),
            author_email=by.email,
            content=content,
            user=by,
            by_staff=identity.speaks_as_staff(by),
            status=Status.APPROVED,
        )
        answer.store_html()
        answer.log(Event.STAFF_REPLY, by=by, detail={"to": comment.pk})
        owed.became_visible(answer)
        owed.settle(by=by)
    return answer


# --- personal data and deletion ----------------------------------------------------------


def erase(comments: QuerySet, *, by=None) -> list[int]:
    """Anonymise `comments`: no name, address, website, account or traces; the text and the
    place in the thread stay (replies remain readable), as WordPress does. Returns their ids.
    The stored HTML and the desk's search text are derived again."""
    owed = Owed()
    with _unit():
        ids = list(comments.select_for_update().order_by("pk").values_list("pk", flat=True))
        erased = Comment.objects.filter(pk__in=ids)
        erased.update(**ERASED)
        erased.store_html()  # the stored HTML showed the name and website
        erased.refold_search_text()  # and the desk's search would still find the address
        CommentEvent.objects.bulk_create(
            CommentEvent(comment_id=pk, event=Event.ERASED, actor=by) for pk in ids
        )
        owed.article_ids.update(erased.visible().values_list("article_id", flat=True))
        owed.settle(by=by)
    return ids


def _delete_rows(ids, owed: Owed) -> int:
    rows = Comment.objects.filter(pk__in=ids)
    owed.article_ids.update(rows.visible().values_list("article_id", flat=True))
    return rows.delete()[1].get("comments.Comment", 0)


def delete(comments: QuerySet, *, by=None) -> int:
    """Delete `comments` and their history for good; returns how many went."""
    owed = Owed()
    with _unit():
        ids = list(comments.select_for_update().order_by("pk").values_list("pk", flat=True))
        deleted = _delete_rows(ids, owed) if ids else 0
        owed.settle(by=by)
    return deleted


# --- what readers report -------------------------------------------------------------------


def _resolve_reports(locked: Comment, *, by) -> None:
    """A moderator reviewed the open reports of a locked comment: they leave the queue."""
    resolved = CommentReport.objects.filter(comment=locked, resolved_at=None).update(
        resolved_at=timezone.now(), resolved_by=by
    )
    Comment.objects.filter(pk=locked.pk).update(open_reports=0, report_reasons={})
    locked.log(Event.REPORTS_RESOLVED, by=by, detail={"reports": resolved})


def report(comment: Comment, reason: str, details: str, reporter: str) -> bool:
    """A reader (`reporter`, a key that stands for them: comments.views.reporter_key) reports a
    visible comment; False if they had already reported it. The comment goes back to pending
    at once when COMMENTS_REPORTS_TO_HOLD distinct readers have open reports on it."""
    owed = Owed()
    with _unit():
        locked = _locked(comment.pk)
        if locked is None or not locked.is_visible:
            return False
        if CommentReport.objects.filter(comment=locked, reporter_key=reporter).exists():
            return False
        CommentReport.objects.create(
            comment=locked, reason=reason, details=details, reporter_key=reporter
        )
        reasons = dict(locked.report_reasons or {})
        reasons[reason] = reasons.get(reason, 0) + 1
        locked.open_reports += 1
        locked.report_reasons = reasons
        Comment.objects.filter(pk=locked.pk).update(
            open_reports=locked.open_reports, report_reasons=reasons
        )
        write_history(locked, [(Event.READER_REPORT, {"reason": reason})])
        if locked.open_reports >= settings.COMMENTS_REPORTS_TO_HOLD:
            _move(locked, Status.PENDING, by=None)
            locked.log(Event.REPORTS_HOLD, detail={"reports": locked.open_reports})
            owed.article_ids.add(locked.article_id)
        comment.status = locked.status
        comment.open_reports = locked.open_reports
        owed.settle()
    return True


# --- what writers change within the edit window ----------------------------------------------


def edit(comment: Comment, content: str, events, *, status: str, verdict: str) -> bool:
    """Its writer's new text (moderation.edit_comment decided `status` and `verdict` with the
    rules that need no network; an unchecked comment then waits for Akismet's verdict, written
    by record_verdict as for a new comment). The previous text stays in the history. False if
    the comment can no longer be edited (a moderator moved it to the spam or the trash)."""
    owed = Owed()
    with _unit():
        locked = _locked(comment.pk)
        if locked is None or locked.status not in (Status.PENDING, Status.APPROVED):
            return False
        write_history(locked, [(Event.EDITED, {"previous": locked.content}), *events])
        was_visible = locked.is_visible
        _move(locked, status, by=None)
        if locked.featured_at:  # the editor picked the text as it was
            _feature(locked, False, by=None)
        locked.content = content
        locked.akismet_result = verdict
        locked.save(update_fields=["content", "akismet_result"])
        locked.store_html()
        if was_visible or locked.is_visible:
            owed.article_ids.add(locked.article_id)
        owed.digest = locked.status == Status.PENDING and verdict != Verdict.UNCHECKED
        comment.content, comment.status = locked.content, locked.status
        comment.akismet_result, comment.html = verdict, locked.html
        comment.featured_at = locked.featured_at
        owed.settle()
    return True


def withdraw(comment: Comment) -> bool:
    """Its writer deletes their comment within the edit window: to the trash, with history
    (a moderator can still see it there); False if it was no longer pending or published."""
    owed = Owed()
    with _unit():
        locked = _locked(comment.pk)
        if locked is None or locked.status not in (Status.PENDING, Status.APPROVED):
            return False
        locked.log(Event.WITHDRAWN)
        if _move(locked, Status.TRASH, by=None) == Status.APPROVED:
            owed.article_ids.add(locked.article_id)
        comment.status = locked.status
        owed.settle()
    return True
