"""The desk's folded search column, and history details stored as data to translate.

Existing rows: search_text is filled with newsroom.arabic.normalize; the English details the
history held ("pending → spam", "links: 5", "word: …", "akismet: …") become the dicts that
CommentEvent.describe() translates; any other detail is kept as its text.
"""

import re

from django.db import migrations, models

from newsroom.arabic import normalize

STATUS_MOVE = re.compile(r"^(pending|approved|spam|trash) → (pending|approved|spam|trash)$")
LINKS = re.compile(r"^links: (\d+)$")


def structured(detail: str):
    if match := STATUS_MOVE.match(detail):
        return {"from": match[1], "to": match[2]}
    if match := LINKS.match(detail):
        return {"reason": "links", "links": int(match[1])}
    if detail.startswith("word: "):
        return {"reason": "word", "word": detail.removeprefix("word: ")}
    if detail.startswith("akismet: "):
        return {"reason": "akismet", "error": detail.removeprefix("akismet: ")}
    return detail


def forwards(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    CommentEvent = apps.get_model("comments", "CommentEvent")
    fields = ["pk", "author_name", "author_email", "ip", "content"]
    for row in Comment.objects.only(*fields).iterator(chunk_size=1000):
        parts = [row.author_name, row.author_email, row.ip or "", row.content]
        Comment.objects.filter(pk=row.pk).update(search_text=normalize("\n".join(parts)))
    for event in CommentEvent.objects.only("pk", "detail").iterator(chunk_size=1000):
        CommentEvent.objects.filter(pk=event.pk).update(data=structured(event.detail))


def backwards(apps, schema_editor):
    CommentEvent = apps.get_model("comments", "CommentEvent")
    for event in CommentEvent.objects.only("pk", "data").iterator(chunk_size=1000):
        data = event.data
        if isinstance(data, dict) and "from" in data and "to" in data:
            text = f"{data['from']} → {data['to']}"
        elif isinstance(data, dict) and data.get("reason") == "links":
            text = f"links: {data.get('links')}"
        elif isinstance(data, dict) and data.get("reason") == "word":
            text = f"word: {data.get('word', '')}"
        elif isinstance(data, dict) and data.get("reason") == "akismet":
            text = f"akismet: {data.get('error', '')}"
        else:
            text = data if isinstance(data, str) else str(data or "")
        CommentEvent.objects.filter(pk=event.pk).update(detail=text)


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_durable_checks_and_digest")]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="search_text",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="Name, e-mail, IP and text, folded as newsroom.arabic.normalize does.",
                verbose_name="search text",
            ),
        ),
        migrations.AddField(
            model_name="commentevent",
            name="data",
            field=models.JSONField(blank=True, default=str, verbose_name="detail"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="commentevent", name="detail"),
        migrations.RenameField(model_name="commentevent", old_name="data", new_name="detail"),
        migrations.AlterField(
            model_name='commentevent',
            name='event',
            field=models.CharField(choices=[('check-ham', 'Akismet cleared the comment'), ('check-spam', 'Akismet caught the comment as spam'), ('check-discard', 'Akismet caught the comment as blatant spam'), ('check-error', 'The Akismet check failed; it will be retried'), ('retry-ham', 'Akismet cleared the comment on a retry'), ('retry-spam', 'Akismet caught the comment as spam on a retry'), ('retry-error', 'The Akismet retry failed'), ('recheck-ham', "Akismet cleared the comment on a moderator's re-check"), ('recheck-spam', "Akismet caught the comment on a moderator's re-check"), ('recheck-error', "A moderator's re-check failed"), ('report-spam', 'Reported to Akismet as spam'), ('report-ham', 'Reported to Akismet as not spam'), ('report-error', 'The report to Akismet failed'), ('status-approved', 'Approved'), ('status-pending', 'Sent back to moderation'), ('status-spam', 'Marked as spam'), ('status-trash', 'Moved to the trash'), ('honeypot', 'The hidden field was filled in (a bot)'), ('disallowed', 'Contains a blocked word'), ('held', 'Held for moderation'), ('notified', 'Moderators were e-mailed'), ('staff-reply', 'Written by staff from the desk')], max_length=20, verbose_name='event'),
        ),
    ]
