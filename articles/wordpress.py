"""Where imported things came from: one row per WordPress item (author, category, tag, post,
page, attachment, comment) and the object it became here, so a second import of the same
export (or a newer one) updates rows instead of duplicating them. Written only by the importer
(newsroom/management/wordpress/); it holds ids, not foreign keys, because comments live in
another app."""

from django.db import models


class WordPressItem(models.Model):
    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        CATEGORY = "category", "Category"
        TAG = "tag", "Tag"
        POST = "post", "Post"
        PAGE = "page", "Page"
        ATTACHMENT = "attachment", "Attachment"
        MEDIA = "media", "Media file"
        COMMENT = "comment", "Comment"

    site = models.CharField("WordPress site", max_length=200, help_text="Its base_site_url.")
    kind = models.CharField("kind", max_length=12, choices=Kind.choices)
    wp_id = models.CharField("WordPress id", max_length=300)
    object_id = models.BigIntegerField("object here", null=True, blank=True)
    data = models.JSONField("details", default=dict, blank=True)
    imported_at = models.DateTimeField("imported", auto_now=True)

    class Meta:
        verbose_name = "imported WordPress item"
        verbose_name_plural = "imported WordPress items"
        constraints = [
            models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="wordpress_item_key"),
        ]

    def __str__(self):
        return f"{self.site} {self.kind} {self.wp_id}"
