"""Who may use the desk: moderators and editors act, journalists are kept out, view-only
users only look; nobody adds comments; deleting only from the trash or spam; the history
is read-only."""

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.comments.admin_pages import (
    changelist_url,
    detail,
    events,
    run_action,
)
from tests.factories import make_article, make_comment, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

Status = Comment.Status


@pytest.mark.parametrize("name", ["moderator", "editor"])
def test_moderators_and_editors_see_the_list_and_every_action(client, staff, name):
    make_comment(make_article(), status=Status.PENDING)
    client.force_login(staff[name])
    response = client.get(changelist_url())
    assert response.status_code == 200
    offered = {value for value, _label in response.context["action_form"].fields["action"].choices}
    assert {
        "approve",
        "unapprove",
        "mark_spam",
        "mark_not_spam",
        "trash",
        "check_for_spam",
    } <= offered


@pytest.mark.parametrize("name", ["moderator", "editor"])
def test_moderators_and_editors_run_actions(
    client, staff, name, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=Status.PENDING)
    client.force_login(staff[name])
    response = run_action(client, "approve", [comment], capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert events(comment, "status-approved")[0].actor == staff[name]


def test_journalists_are_kept_out_of_the_desk(client, staff):
    comment = make_comment(make_article(), status=Status.PENDING)
    client.force_login(staff["journalist"])
    assert client.get(changelist_url()).status_code == 403
    change = reverse("admin:comments_comment_change", args=[comment.pk])
    assert client.get(change).status_code == 403
    moderate = reverse("admin:comments_comment_moderate", args=[comment.pk])
    assert client.post(moderate, {"action": "approve"}).status_code == 403
    response = client.post(
        changelist_url(), {"action": "approve", "_selected_action": [comment.pk]}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_view_only_users_see_the_list_without_actions(client):
    comment = make_comment(make_article(), status=Status.PENDING)
    viewer = make_user(permissions=["comments.view_comment"])
    client.force_login(viewer)
    response = client.get(changelist_url())
    assert response.status_code == 200
    assert response.context["action_form"] is None
    assert parse(response.content).find("input", name="_selected_action") is None

    client.post(changelist_url(), {"action": "approve", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == Status.PENDING

    page = detail(client, comment)
    assert page.find("form", class_="moderate-buttons") is None
    moderate = reverse("admin:comments_comment_moderate", args=[comment.pk])
    assert client.post(moderate, {"action": "approve"}).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert not comment.events.exists()


def test_nobody_can_add_a_comment_in_the_admin(client, staff):
    superuser = make_user(is_superuser=True)
    for user in (superuser, staff["editor"], staff["moderator"]):
        client.force_login(user)
        assert client.get(reverse("admin:comments_comment_add")).status_code == 403
        page = parse(client.get(changelist_url()).content)
        assert page.find("a", href=reverse("admin:comments_comment_add")) is None


def test_comments_are_deleted_only_from_the_trash_or_spam(client, staff):
    client.force_login(staff["editor"])  # editors hold delete_comment
    article = make_article()
    approved = make_comment(article)
    trashed = make_comment(article, status=Status.TRASH)

    assert (
        client.post(
            reverse("admin:comments_comment_delete", args=[approved.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    client.post(reverse("admin:comments_comment_delete", args=[trashed.pk]), {"post": "yes"})

    assert Comment.objects.filter(pk=approved.pk).exists()
    assert not Comment.objects.filter(pk=trashed.pk).exists()
    page = client.get(changelist_url())
    assert "delete_selected" not in page.content.decode()


def test_history_is_listed_and_cannot_be_edited(client, staff):
    client.force_login(staff["moderator"])
    comment = make_comment(make_article())
    event = comment.log("status-approved", by=staff["moderator"])
    listing = client.get(reverse("admin:comments_commentevent_changelist"))
    assert listing.status_code == 200
    assert comment.author_name in listing.content.decode()
    change = reverse("admin:comments_commentevent_change", args=[event.pk])
    assert client.post(change, {"detail": "edited"}).status_code == 403
    event.refresh_from_db()
    assert event.detail == ""
