"""Two people on one article or page: the version a save counts (articles/conflicts.py), who
holds an article's edit lock (articles/locks.py) and each user's unsaved work on a form
(articles/autosave.py). Kept apart from models.py, which imports this module so Django registers
the models; it refers to Article and Page by name, so it imports nothing back.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def count_version(instance, save_kwargs: dict) -> None:
    """Every save, whatever it writes, is a new version (articles/conflicts.py): called by the
    model's save() before it writes."""
    instance.version = (instance.version or 0) + 1
    if save_kwargs.get("update_fields") is not None:
        save_kwargs["update_fields"] = {*save_kwargs["update_fields"], "version"}


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
    """A user's unsaved work on one article's or page's form (or on a new one's: both None),
    kept by the form's script (articles/autosave.py): never published, never a version.
    `kind` names the form, and the foreign key of the same name holds its object."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        PAGE = "page", _("page")

    kind = models.CharField(
        _("form"), max_length=20, choices=Kind.choices, default=Kind.ARTICLE, editable=False
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    page = models.ForeignKey(
        "articles.Page",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("page"),
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
            ),
            models.UniqueConstraint(fields=["user", "page"], name="autosave_one_per_user_page"),
            models.CheckConstraint(
                condition=models.Q(kind="article", page__isnull=True)
                | models.Q(kind="page", article__isnull=True),
                name="autosave_object_of_its_kind",
            ),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind} {self.article_id or self.page_id}"
