"""`manage.py clear_editing_state` (daily, bin/scheduler): edit locks expired long ago and
autosaves that are old or superseded by their owner's later save go; nothing else does."""

from datetime import timedelta
from io import StringIO

import pytest
import reversion
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Autosave, EditLock
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def ago(**delta):
    return timezone.now() - timedelta(**delta)


def lock(article, user, heartbeat_at):
    return EditLock.objects.create(
        article=article, user=user, since=heartbeat_at, heartbeat_at=heartbeat_at
    )


def kept(article, user, saved_at):
    return Autosave.objects.create(
        article=article, user=user, data={"title": ["x"]}, saved_at=saved_at
    )


def save_as(article, user):
    with reversion.create_revision():
        reversion.set_user(user)
        article.save()


def clear(**options) -> str:
    out = StringIO()
    call_command("clear_editing_state", stdout=out, **options)
    return out.getvalue()


def test_locks_expired_long_ago_go_the_recent_ones_stay():
    user = make_user()
    live, lately, _long_ago = (
        lock(make_article(), user, at) for at in (ago(seconds=5), ago(minutes=10), ago(days=2))
    )

    assert "Deleted 1 expired edit lock(s)" in clear()

    assert set(EditLock.objects.values_list("pk", flat=True)) == {live.pk, lately.pk}
    assert "Deleted 1 expired edit lock(s)" in clear(lock_hours=0)  # free since 2 minutes
    assert list(EditLock.objects.all()) == [live]


def test_old_autosaves_go_recent_ones_stay():
    user = make_user()
    recent = kept(make_article(), user, ago(days=2))
    kept(make_article(), user, ago(days=31))
    kept(None, user, ago(days=40))  # a new article's form, never saved

    assert "and 2 autosave(s)" in clear()

    assert list(Autosave.objects.all()) == [recent]


def test_an_autosave_goes_once_its_owner_saved_the_article_after_it():
    owner, colleague = make_user(), make_user()
    superseded_article = make_article(status=Article.Status.DRAFT, published_at=None)
    others_save = make_article(status=Article.Status.DRAFT, published_at=None)
    earlier_save = make_article(status=Article.Status.DRAFT, published_at=None)
    save_as(earlier_save, owner)  # before the autosave: its typing is newer

    superseded = kept(superseded_article, owner, ago(hours=1))
    still_unsaved = kept(others_save, owner, ago(hours=1))
    newer = kept(earlier_save, owner, timezone.now() + timedelta(seconds=1))
    save_as(superseded_article, owner)
    save_as(others_save, colleague)  # another's save: the owner's typing is still theirs

    assert "and 1 autosave(s)" in clear()

    assert not Autosave.objects.filter(pk=superseded.pk).exists()
    assert set(Autosave.objects.values_list("pk", flat=True)) == {still_unsaved.pk, newer.pk}


def test_the_scheduler_runs_it_daily():
    from django.conf import settings

    scheduler = (settings.BASE_DIR / "bin" / "scheduler").read_text()
    assert "manage.py clear_editing_state" in scheduler
