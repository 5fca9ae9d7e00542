"""The comment desk's admin pages, as the desk's tests reach them."""

from django.urls import reverse

from comments import spam
from comments.models import CommentEvent
from tests.html import parse

CHANGELIST = "admin:comments_comment_changelist"


def changelist_url(query=""):
    url = reverse(CHANGELIST)
    return f"{url}?{query}" if query else url


def listed(client, query=""):
    response = client.get(changelist_url(query))
    assert response.status_code == 200
    return {comment.pk for comment in response.context["cl"].result_list}


def run_action(client, action, comments, query="", capture=None):
    data = {"action": action, "_selected_action": [comment.pk for comment in comments]}
    if capture is None:
        return client.post(changelist_url(query), data)
    with capture(execute=True):
        return client.post(changelist_url(query), data)


def events(comment, event):
    return list(CommentEvent.objects.filter(comment=comment, event=event))


def detail(client, comment):
    response = client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
    assert response.status_code == 200
    return parse(response.content)


def stored_payload(comment, **changes):
    """What a first check would have sent, as submit_comment stores it (content as checked)."""
    payload = {**spam.build_payload(comment), **changes}
    comment.akismet_payload = payload
    comment.save(update_fields=["akismet_payload"])
    return payload
