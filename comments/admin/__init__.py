"""The moderation desk: WordPress's Comments screen, in the Django admin.

    queues.py    the status links above the list, and the list narrowed to one queue
    bulk.py      the drop-down's actions: the moderator actions table's, "check for spam",
                 and a commenter's personal data (export, erase)
    comment.py   CommentAdmin: the list's columns, the detail page, the desk's own URLs
    others.py    the moderation words and the whole history
    standing.py  commenters' standing, the blocks, and their history

What the actions do is comments.actions; who may do what, comments.permissions; the desk's own
pages (one-click actions, replies, emptying a queue), comments.desk.
"""

from comments.admin import comment, others, standing  # noqa: F401  (registers the ModelAdmins)
