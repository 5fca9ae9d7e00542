"""Where imported things came from: one row per WordPress item (author, category, tag, post,
page, attachment, comment) and the object it became here, so a second import of the same
export (or a newer one) updates rows instead of duplicating them. Written only by the importer
(newsroom/management/wordpress/); it holds ids, not foreign keys, because comments live in
another app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WordPressItem(models.Model):
    class Kind(models.TextChoices):
        AUTHOR = "author", _("Author")
        CATEGORY = "category", _("Category")
        TAG = "tag", _("Tag")
        POST = "post", _("Post")
        PAGE = "page", _("Page")
        ATTACHMENT = "attachment", _("Attachment")
        MEDIA = "media", _("Media file")
        COMMENT = "comment", _("Comment")

    site = models.CharField(_("WordPress site"), max_length=200, help_text="Its base_site_url.")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    wp_id = models.CharField(_("WordPress id"), max_length=300)
    object_id = models.BigIntegerField(_("object here"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress item")
        verbose_name_plural = _("imported WordPress items")
        constraints = [
            models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="wordpress_item_key"),
        ]

    def __str__(self):
        return f"{self.site} {self.kind} {self.wp_id}"
