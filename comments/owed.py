"""What a comment action owes once it is written (comments/actions.py): the signal that
readers' view changed, the Akismet reports, the moderators' digest and the reply notices,
collected while the action runs and settled once."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from comments import subscribing, tasks
from comments.models import Comment
from newsroom.signals import visible_comments_changed


@dataclass
class Owed:
    """What a change owes once it is written: collected, then settled once."""

    article_ids: set[int] = field(default_factory=set)  # whose visible comments changed
    report_ids: list[int] = field(default_factory=list)  # comments owing Akismet a report
    digest: bool = False  # a comment waits for moderators who have not heard of it
    replies: dict[int, int] = field(default_factory=dict)  # visible now: reply id → parent id

    def became_visible(self, comment: Comment) -> None:
        self.article_ids.add(comment.article_id)
        if comment.parent_id:
            self.replies[comment.pk] = comment.parent_id

    def settle(self, *, by=None) -> None:
        subscribing.notice_replies(self.replies)  # owed to subscribers, sent by the worker
        if self.article_ids:
            visible_comments_changed.send(sender=Comment, article_ids=set(self.article_ids))
        if self.report_ids:
            ids = list(self.report_ids)
            transaction.on_commit(lambda: tasks.enqueue_reports(ids, by=by))
        if self.digest:
            transaction.on_commit(tasks.enqueue_digest)
