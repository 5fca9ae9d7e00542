"""WordPress comments: threads, statuses and Akismet's history. New comments get their ids
from a pool (common.IdPool), so that their parents' ids, their search text and their stored
HTML (comments.rendering, for every language) are known before they are written: a batch is
rendered, then written in one INSERT with its mapping rows and history (write_comments).

No Akismet call, no e-mail, no notification: the rows are written directly.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from articles.models import Article, WordPressItem
from comments.models import Comment, CommentEvent
from comments.rendering import render_many_fragments
from newsroom.management.wordpress import parse
from newsroom.management.wordpress.background import InChild
from newsroom.management.wordpress.common import (
    AKISMET_EVENTS,
    COMMENT_STATUS,
    comment_text,
    insert_rows,
    php_serialized_fields,
    wp_date,
)
from newsroom.net import ip_block

IP_FIELD = Comment._meta.get_field("ip")


class Comments:
    """Part of the Importer (importer.py): the <wp:comment>s of each post."""

    def comments(self, article: Article, item: parse.Item, *, first_time: bool) -> None:
        """The post's comments; `first_time`: the post was never imported, so none of them."""
        wanted = []
        for comment in item.comments:
            kind = comment.get("wp:comment_type", "") or "comment"
            if kind in ("pingback", "trackback"):
                self.report.count(kind, "skipped")
                continue
            wanted.append(comment)
        if not wanted:
            return
        known: dict[str, tuple[int, int]] = {}  # wp id -> (pk, depth)
        if not first_time:  # rows and depths read with the batch (read_stored), else now
            rows = [self.items.get("comment", c["wp:comment_id"]) for c in wanted]
            missing = [r.object_id for r in rows if r and r.object_id not in self.stored_depths]
            if missing:
                depths = Comment.objects.filter(pk__in=missing).values_list("pk", "depth")
                self.stored_depths.update(depths)
            for row in rows:
                if row is not None and row.object_id in self.stored_depths:
                    known[row.wp_id] = (row.object_id, self.stored_depths[row.object_id])
        by_id = {c["wp:comment_id"]: c for c in wanted}
        remaining = [c for c in wanted if c["wp:comment_id"] not in known]
        # A comment imported before keeps its state here: moderators may have acted on it
        # since, and every change of state goes through comments/actions.py, not an import.
        if unchanged := len(wanted) - len(remaining):
            self.report.count("comment", "unchanged", unchanged)
        max_depth = settings.COMMENTS_MAX_DEPTH
        thread: dict[int, tuple[int | None, int]] = {}  # new pk -> (parent pk, depth)
        while remaining:
            level, later = [], []
            for comment in remaining:
                parent = comment.get("wp:comment_parent", "0").strip() or "0"
                if parent != "0" and parent not in known and parent in by_id:
                    later.append(comment)  # its parent first
                    continue
                level.append(comment)
            if not level:  # a loop of parents: break it
                level, later = later, []
            # A level at a time (roots, then their replies…): ids in the order of the rows.
            for comment in level:
                row = self._new_comment(article, comment, known, max_depth, thread)
                known[comment["wp:comment_id"]] = (row.pk, row.depth)
                thread[row.pk] = (row.parent_id, row.depth)
                self.new_comments.append(row)
                self.report.count("comment", f"{row.status} created")
                self.new_comment_items.append(
                    self.items.new_row("comment", comment["wp:comment_id"], row.pk)
                )
                self.new_events.extend(self._akismet_events(row, comment))
            remaining = later

    def _new_comment(self, article, comment, known, max_depth, thread) -> Comment:
        wp_id = comment["wp:comment_id"]
        parent_wp = comment.get("wp:comment_parent", "0").strip() or "0"
        parent_pk, depth = None, 1
        if parent_wp != "0":
            if parent_wp in known:
                parent_pk, parent_depth = known[parent_wp]
                if parent_depth >= max_depth:
                    # Deeper than threads go here: under the deepest ancestor allowed.
                    parent_pk, parent_depth = self._allowed_ancestor(parent_pk, max_depth, thread)
                    self.report.problem(
                        "comment", wp_id, f"thread deeper than {max_depth}: attached higher up"
                    )
                depth = parent_depth + 1
            else:
                self.report.problem(
                    "comment", wp_id, f"parent {parent_wp} not imported: a new thread"
                )
        status = COMMENT_STATUS.get(comment.get("wp:comment_approved", ""), Comment.Status.PENDING)
        meta = comment.get("meta", [])
        verdict = dict(meta).get("akismet_result", "")
        ip = comment.get("wp:comment_author_IP", "").strip() or None
        block = ip_block(ip)
        if ip and not block:
            ip = None
        url = comment.get("wp:comment_author_url", "").strip()
        if len(url) > 200 or (url and not url.startswith(("http://", "https://"))):
            self.report.problem("comment", wp_id, "website address dropped (too long or odd)")
            url = ""
        when = wp_date(
            comment.get("wp:comment_date_gmt", ""), comment.get("wp:comment_date", ""), self.tz
        )
        user_pk = None
        user_wp = comment.get("wp:comment_user_id", "0").strip()
        if user_wp and user_wp != "0":
            row = self.items.get("author", user_wp)
            user_pk = row.object_id if row else None
        ip = IP_FIELD.get_prep_value(ip)  # as the database will store it
        row = Comment(
            pk=self.comment_ids.take(),
            article=article,
            parent_id=parent_pk,
            depth=depth,
            author_name=html.unescape(comment.get("wp:comment_author", "")).strip()[:245] or "—",
            author_email=comment.get("wp:comment_author_email", "").strip()[:100],
            author_url=url,
            content=comment_text(comment.get("wp:comment_content", "")),
            user_id=user_pk,
            ip=ip,
            ip_block=block,
            user_agent=comment.get("wp:comment_agent", ""),
            created_at=when or timezone.now(),
            status=status,
            akismet_result={
                "true": Comment.AkismetResult.SPAM,
                "false": Comment.AkismetResult.HAM,
            }.get(verdict, Comment.AkismetResult.SKIPPED),
            notified_at=timezone.now(),  # imported: moderators are not e-mailed about it
        )
        row.search_text = row.folded_search_text()  # as Comment.save() would
        return row

    @staticmethod
    def _allowed_ancestor(pk: int, max_depth: int, thread: dict) -> tuple[int, int]:
        while True:
            parent_id, depth = (
                thread.get(pk)
                or (Comment.objects.filter(pk=pk).values_list("parent_id", "depth")[0])
            )
            if depth < max_depth or parent_id is None:
                return pk, depth
            pk = parent_id

    def _akismet_events(self, row: Comment, comment: dict) -> list[CommentEvent]:
        events = []
        for key, value in comment.get("meta", []):
            if key != "akismet_history":
                continue
            fields = php_serialized_fields(value)
            event = AKISMET_EVENTS.get(fields.get("event", ""))
            if event is None:
                continue
            try:
                at = datetime.fromtimestamp(float(fields.get("time", "")), tz=UTC)
            except ValueError:
                at = row.created_at
            events.append(
                CommentEvent(comment=row, at=at, event=event, detail="Imported from WordPress")
            )
        return events

    def render_comments(self) -> None:
        """Start rendering the stored HTML of the comments read since the last batch (the one
        renderer, in bulk) in a child process, on the other core, while the next batch is
        read; write_rendered writes them once their HTML is back."""
        rows, self.new_comments = self.new_comments, []
        events, self.new_events = self.new_events, []
        items, self.new_comment_items = self.new_comment_items, []
        if rows:
            self.rendering.append((rows, events, items, InChild(render_many_fragments, rows)))

    def write_rendered(self, *, wait: bool) -> None:
        """The comments whose HTML was being rendered, their history and mapping rows: those
        of the batch before the last (the last is still rendering) or, with `wait`, all. A
        comment is never written without its HTML."""
        while self.rendering and (wait or len(self.rendering) > 1):
            rows, events, items, rendering = self.rendering.pop(0)
            for row, fragments in zip(rows, rendering.result(), strict=True):
                row.html = fragments
            insert_rows(Comment, rows)
            insert_rows(CommentEvent, events)
            insert_rows(WordPressItem, items)
