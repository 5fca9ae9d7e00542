"""The desk's privacy actions: export and erase a commenter's data (comments/privacy.py)."""

import json
import logging

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from comments.models import Comment
from comments.privacy import ERASED_EMAIL, ERASED_NAME
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

DESK = "/admin/comments/comment/"
TRACES = {
    "ip": "198.51.100.7",
    "user_agent": "Mozilla/5.0 (reader)",
    "referrer": "https://x.example/",
}


@pytest.fixture
def layla():
    """Three comments by one reader (her address in two spellings) and one by someone else."""
    article, other = make_article(), make_article()
    mine = [
        make_comment(article, author_name="ليلى", author_email="layla@example.com", **TRACES),
        make_comment(other, author_name="ليلى", author_email="Layla@Example.com", **TRACES),
        make_comment(
            article,
            author_name="ليلى",
            author_email="layla@example.com",
            status=Comment.Status.PENDING,
            author_url="https://layla.example/",
            **TRACES,
        ),
    ]
    someone_else = make_comment(article, author_name="سمير", author_email="samir@example.com")
    return mine, someone_else


def act(client, action, comments, **extra):
    data = {"action": action, "_selected_action": [comment.pk for comment in comments], **extra}
    return client.post(DESK, data)


@pytest.fixture
def editor_client(client, staff):
    client.force_login(staff["editor"])
    return client


def test_export_downloads_every_comment_of_the_selected_writer(moderator_client, layla):
    mine, someone_else = layla

    response = act(moderator_client, "export_commenter_data", [mine[0]])

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="commenter-data-')
    data = json.loads(response.content)
    (commenter,) = data["commenters"]
    assert commenter["email"] == "layla@example.com"
    assert sorted(c["id"] for c in commenter["comments"]) == sorted(c.pk for c in mine)
    first = next(c for c in commenter["comments"] if c["id"] == mine[0].pk)
    assert first["ip"] == TRACES["ip"]
    assert first["user_agent"] == TRACES["user_agent"]
    assert someone_else.pk not in [c["id"] for c in commenter["comments"]]


def test_export_of_two_writers_gives_both_and_logs_no_data(moderator_client, layla, caplog):
    mine, someone_else = layla
    with caplog.at_level(logging.INFO, logger="comments.admin"):
        response = act(moderator_client, "export_commenter_data", [mine[1], someone_else])
    emails = [commenter["email"] for commenter in json.loads(response.content)["commenters"]]
    assert emails == ["layla@example.com", "samir@example.com"]
    assert "2 address(es), 4 comment(s)" in caplog.text
    for secret in ("layla", "samir", "ليلى", TRACES["ip"]):
        assert secret not in caplog.text


def test_erase_asks_first_and_changes_nothing_until_confirmed(moderator_client, layla):
    mine, _someone_else = layla

    response = act(moderator_client, "erase_commenter_data", [mine[0]])

    assert response.status_code == 200
    assert "admin/comments/comment/erase_personal_data.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "layla@example.com" in page
    assert 'name="confirm" value="yes"' in page
    assert Comment.objects.filter(author_email__iexact="layla@example.com").count() == 3


def test_confirmed_erase_anonymises_all_the_writers_comments_and_logs_no_data(
    editor_client, layla, caplog
):
    mine, someone_else = layla

    with caplog.at_level(logging.INFO, logger="comments.privacy"):
        response = act(editor_client, "erase_commenter_data", [mine[0]], confirm="yes")

    assert response.status_code == 302
    for comment in mine:
        comment.refresh_from_db()
        assert comment.author_name == ERASED_NAME
        assert comment.author_email == ERASED_EMAIL
        assert (comment.ip, comment.user_agent, comment.referrer, comment.author_url) == (
            None,
            "",
            "",
            "",
        )
        assert comment.content  # the text stays
    someone_else.refresh_from_db()
    assert someone_else.author_email == "samir@example.com"
    assert "3 comment(s) anonymised" in caplog.text
    assert "layla" not in caplog.text.lower()
    assert "ليلى" not in caplog.text
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("3" in message for message in messages)


def test_moderators_get_both_actions(moderator_client):
    changelist = moderator_client.get(DESK)
    choices = dict(changelist.context["action_form"].fields["action"].choices)
    assert "export_commenter_data" in choices
    assert "erase_commenter_data" in choices


def test_staff_who_do_not_moderate_can_neither_export_nor_erase(client, staff, layla):
    """A journalist may look at the desk but not take readers' personal data away or erase it."""
    user = staff["journalist"]
    user.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(user)
    response = client.get(DESK)
    assert response.status_code == 200
    form = response.context["action_form"]  # None when no action is offered at all
    choices = dict(form.fields["action"].choices) if form else {}
    assert "export_commenter_data" not in choices
    assert "erase_commenter_data" not in choices

    mine, _someone_else = layla
    response = act(client, "export_commenter_data", mine)
    assert not response.get("Content-Disposition")
    act(client, "erase_commenter_data", mine, confirm="yes")
    assert Comment.objects.filter(author_email__iexact="layla@example.com").count() == 3


def test_the_actions_have_arabic_labels(editor_client):
    response = editor_client.get(DESK, HTTP_ACCEPT_LANGUAGE="ar")
    choices = dict(response.context["action_form"].fields["action"].choices)
    assert choices["export_commenter_data"] != "Export this commenter's data"
    assert choices["erase_commenter_data"] != "Erase this commenter's data"


def test_erased_comments_are_skipped(editor_client, layla):
    mine, _someone_else = layla
    act(editor_client, "erase_commenter_data", [mine[0]], confirm="yes")
    response = act(editor_client, "erase_commenter_data", [mine[0]], confirm="yes")
    assert response.status_code == 302
    assert Comment.objects.filter(author_email=ERASED_EMAIL).count() == 3
    assert reverse("admin:comments_comment_changelist") == DESK
