"""Two people on one article: who holds its edit lock (articles/locks.py) and each user's
unsaved work on its form (articles/autosave.py). Kept apart from models.py, which imports this
module so Django registers the models; it refers to Article by name, so it imports nothing back.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditLock(models.Model):
    """Who is editing an article right now (articles/locks.py): taken by opening its change
    form, kept by the form's heartbeat, gone LOCK_SECONDS after the last one."""

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="edit_lock",
        verbose_name=_("article"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    since = models.DateTimeField(_("editing since"))
    heartbeat_at = models.DateTimeField(_("last heartbeat"))
    # Who took the lock over from this user, so their next heartbeat tells them.
    taken_from = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken over from"),
    )

    class Meta:
        verbose_name = _("edit lock")
        verbose_name_plural = _("edit locks")

    def __str__(self):
        return f"{self.article_id}: {self.user_id}"


class Autosave(models.Model):
    """A user's unsaved work on one article's form (or on a new article's, article None),
    kept by the form's script (articles/autosave.py): never published, never a version."""

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    data = models.JSONField(_("form data"))
    saved_at = models.DateTimeField(_("saved at"))

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                name="autosave_one_per_user_article",
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.article_id}"
