from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """Comments every reader sees: the approved ones."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def spam(self):
        return self.filter(status=Comment.Status.SPAM)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        TRASH = "trash", _("Trash")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", verbose_name=_("article")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=1)
    author_name = models.CharField(_("name"), max_length=245)
    author_email = models.EmailField(_("email"), max_length=100)
    author_url = models.URLField(_("website"), max_length=200, blank=True)
    content = models.TextField(_("comment"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("user"),
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.TextField(_("user agent"), blank=True)
    referrer = models.TextField(_("referrer"), blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
        ]

    def __str__(self):
        return f"{self.author_name}: {self.content[:50]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def safe_author_url(self):
        """The author's website, only when it is a plain http(s) address."""
        return (
            self.author_url if self.author_url.lower().startswith(("http://", "https://")) else ""
        )

    @property
    def is_visible(self):
        return self.status == self.Status.APPROVED
