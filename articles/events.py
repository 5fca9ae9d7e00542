"""The articles app's changes, told to the project layer as domain signals (newsroom/signals.py).

Saves and deletes of the app's models (and of users, who sign articles and have author pages)
become `articles_changed` (with the articles concerned) or `navigation_changed`. Listeners such
as the page cache then need to know nothing about these models. `connect()` is called once,
from ArticlesConfig.ready().

| Change | Signal |
|---|---|
| Article saved or deleted | articles_changed({its id}) |
| Its tags or "see also" links changed | articles_changed(the articles whose links changed) |
| Correction, image rendition saved or deleted | articles_changed({its article's id}) |
| Category, tag, author profile, page saved or deleted | navigation_changed |
| User saved (not a mere sign-in) or deleted | navigation_changed |

Changes made with QuerySet.update() or SQL send nothing: the code making them sends the signal.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.models import (
    Article,
    AuthorProfile,
    Category,
    Correction,
    ImageRendition,
    Page,
    Tag,
)
from newsroom.signals import articles_changed, navigation_changed


def _article_changed(sender, instance, **kwargs):
    articles_changed.send(sender=Article, article_ids={instance.pk})


def _article_part_changed(sender, instance, **kwargs):
    """A correction or an image rendition: part of one article's page."""
    articles_changed.send(sender=Article, article_ids={instance.article_id})


def _navigation_changed(sender, **kwargs):
    navigation_changed.send(sender=sender)


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An article's tags or "see also" links (m2m_changed, after the rows changed)."""
    if not action.startswith("post_"):
        return
    if not reverse:
        articles_changed.send(sender=Article, article_ids={instance.pk})
    elif pk_set is not None:  # a tag's articles added or removed
        articles_changed.send(sender=Article, article_ids=set(pk_set))
    else:  # a tag's articles cleared: which ones is not known any more, the tag's page is
        navigation_changed.send(sender=type(instance))


def _user_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return  # a sign-in changes nothing readers see
    navigation_changed.send(sender=sender)


def connect() -> None:
    post_save.connect(_article_changed, sender=Article, dispatch_uid="articles-events-article")
    post_delete.connect(_article_changed, sender=Article, dispatch_uid="articles-events-gone")
    for model in (Correction, ImageRendition):
        uid = f"articles-events-{model._meta.model_name}"
        post_save.connect(_article_part_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_article_part_changed, sender=model, dispatch_uid=f"{uid}-del")
    for model in (Category, Tag, AuthorProfile, Page):
        uid = f"articles-events-{model._meta.model_name}"
        post_save.connect(_navigation_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_navigation_changed, sender=model, dispatch_uid=f"{uid}-del")
    for field in ("tags", "see_also"):
        through = getattr(Article, field).through
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"articles-events-{field}")
    user = get_user_model()
    post_save.connect(_user_saved, sender=user, dispatch_uid="articles-events-user")
    post_delete.connect(_navigation_changed, sender=user, dispatch_uid="articles-events-user-del")
