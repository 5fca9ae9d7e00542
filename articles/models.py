from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.editing import count_version
from articles.embeds import render_embeds
from articles.html import plain_text, sanitize_article_html
from articles.links import reverse_cached
from articles.querysets import ArticleQuerySet
from articles.querysets import attach_pictures as attach_pictures  # the views' import point
from articles.search import index_articles
from articles.uploads import UnguessableName
from newsroom.site import display_name

# Words per minute for the reading time; a common figure for Arabic news prose.
READING_WPM = 180


def reading_minutes(words: int) -> int:
    return max(1, -(-words // READING_WPM)) if words else 0


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Smaller numbers come first in menus.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_cached("articles:category", slug=self.slug)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


BREAKING_SHOWN = 3  # articles in the breaking-news bar


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class State(models.TextChoices):
        """What the status means right now: a published article with a future time is scheduled."""

        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        help_text=_("The readable part of the address. Old addresses keep working after a change."),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("author"),
    )
    # Further bylines after `author`, in order (ArticleAuthor.position).
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ArticleAuthor",
        blank=True,
        related_name="coauthored_articles",
        verbose_name=_("co-authors"),
    )
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("The standfirst shown under the headline and in lists.")
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "HTML: paragraphs, subheadings, lists, quotes and links. Anything else is removed."
        ),
    )
    image = models.ImageField(
        _("image"),
        upload_to=UnguessableName("articles/%Y/%m/"),
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Required with an image."),
    )
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    image_credit = models.CharField(
        _("image credit"),
        max_length=200,
        blank=True,
        help_text=_("The photographer or agency, e.g. “Reuters”."),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    see_also = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="+",
        verbose_name=_("see also"),
        help_text=_("Related articles shown under the body."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("A future time schedules the article: it appears by itself at that minute."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    comments_open = models.BooleanField(_("comments open"), default=True)
    # Counts the article's saves: a form carries the one it started from, and a save based on
    # an older one is refused instead of overwriting what another person saved meanwhile.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # PostgreSQL full-text search (articles/search.py); NULL on SQLite, which searches without it.
    search_vector = SearchVectorField(null=True, editable=False)
    breaking_until = models.DateTimeField(
        _("breaking news until"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Shown in the breaking-news bar on every page until this time."),
    )
    content_updated_at = models.DateTimeField(
        _("content updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The last change to the headline, lead, body or image after publication."),
    )
    # Workflow (docs/editorial.md).
    submitted_at = models.DateTimeField(_("sent for review"), null=True, blank=True, editable=False)
    editor_note = models.TextField(_("note from the editor"), blank=True, editable=False)
    editor_note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("note written by"),
    )
    editor_note_at = models.DateTimeField(
        _("note written at"), null=True, blank=True, editable=False
    )

    # Unpublished by an editor (articles.workflow.withdraw): readers get a 410 page with the reason.
    withdrawn_reason = models.TextField(_("reason for removal"), blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_listing_idx"),
            # Section and author pages: newest first in one section or by one author.
            models.Index(
                fields=["category", "status", "-published_at"], name="article_category_listing_idx"
            ),
            models.Index(
                fields=["author", "status", "-published_at"], name="article_author_listing_idx"
            ),
            # The sitemaps' lastmod: the newest update, overall, per section and per author.
            models.Index(fields=["status", "-updated_at"], name="article_updated_idx"),
            # The breaking-news bar, on every page: the few articles with an end time.
            models.Index(
                fields=["breaking_until"],
                condition=Q(breaking_until__isnull=False),
                name="article_breaking_idx",
            ),
        ]
        permissions = [("publish_article", _("Can publish articles"))]

    def __str__(self):
        return self.title

    SEARCHED_FIELDS = frozenset({"title", "lead", "body", "author"})

    def save(self, *args, **kwargs):
        count_version(self, kwargs)  # articles/conflicts.py
        super().save(*args, **kwargs)
        if self.status == self.Status.PUBLISHED:
            AuthorProfile.ensure(self.author_id)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self.SEARCHED_FIELDS.intersection(update_fields):
            # The vector is built by the database from the saved text: its own UPDATE, after.
            index_articles(Article.objects.filter(pk=self.pk))

    def get_absolute_url(self):
        return reverse_cached("articles:detail", pk=self.pk, slug=self.slug)

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def state(self) -> str:
        """The editorial state (Article.State) that the status and the time give together."""
        if self.status == self.Status.PUBLISHED:
            return self.State.SCHEDULED if self.is_scheduled else self.State.PUBLISHED
        return self.State(self.status)

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def authors(self) -> list:
        """Every byline in order: `author` first, then the co-authors (prefetch them with
        ArticleQuerySet.with_authors() for lists)."""
        first = [self.author] if self.author_id else []
        return [*first, *(link.user for link in self.coauthor_links.all())]

    @property
    def has_open_note(self) -> bool:
        """An editor sent it back and the journalist has not resubmitted it yet."""
        return (
            self.status == self.Status.DRAFT
            and bool(self.editor_note)
            and (self.submitted_at is None or self.editor_note_at >= self.submitted_at)
        )

    @cached_property
    def word_count(self) -> int:
        return len(self.excerpt.split())

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.word_count)

    @cached_property
    def excerpt(self):
        """The body as plain text (not marked safe: templates escape it like any text)."""
        return plain_text(self.body)

    @cached_property
    def body_html(self):
        """The body as safe HTML, whatever was stored (the admin sanitises on save as well),
        with lone links to known services shown as link cards."""
        return render_embeds(sanitize_article_html(self.body))

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for readers who cannot see it.")},
                code="required",
            )

    # Changes after publication that readers are told about ("updated at …"); other edits
    # (tags, see-also, comments switch, breaking news) are not news about the article.
    CONTENT_FIELDS = ("title", "lead", "body", "image", "corrections")

    def note_content_change(self, changed_fields, *, at=None):
        """Record a meaningful change made after publication; other edits are not news."""
        if self.is_published and set(changed_fields) & set(self.CONTENT_FIELDS):
            self.content_updated_at = at or timezone.now()

    @property
    def updated_after_publication(self):
        """When readers should be told the article changed, or None."""
        updated, published = self.content_updated_at, self.published_at
        return updated if updated and published and updated > published else None

    def mark_breaking(self, hours):
        """Breaking news for `hours` from now (or from a scheduled publication); 0 ends it."""
        if not hours:
            self.breaking_until = None
            return
        start = max(timezone.now(), self.published_at or timezone.now())
        self.breaking_until = start + timedelta(hours=hours)


class ArticleAuthor(models.Model):
    """A co-author of an article, after its first author (`Article.author`), in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="coauthor_links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coauthor_links",
        verbose_name=_("co-author"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("co-author")
        verbose_name_plural = _("co-authors")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="article_coauthor_once")
        ]

    def __str__(self):
        return display_name(self.user)

    # The article's search vector carries every author's name.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        AuthorProfile.ensure(self.user_id)
        index_articles(Article.objects.filter(pk=self.article_id))

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        index_articles(Article.objects.filter(pk=self.article_id))
        return result


class ArticleViewCount(models.Model):
    """How many times readers opened an article on one (local) day: no cookie, no IP, no user.

    One row per article and day, incremented in place (articles/popularity.py).
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="daily_views", verbose_name=_("article")
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="article_view_day_unique")
        ]
        indexes = [models.Index(fields=["day", "article"], name="article_view_day_idx")]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"


class ImageRendition(models.Model):
    """One resized copy of an article's image, made once by articles.tasks.make_renditions."""

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="renditions")
    source = models.CharField(max_length=255, help_text="The image file it was made from.")
    format = models.CharField(max_length=4, choices=Format.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.CharField(max_length=255, help_text="Name in the default storage.")

    class Meta:
        verbose_name = _("image rendition")
        verbose_name_plural = _("image renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "source", "format", "width"], name="unique_rendition"
            )
        ]

    def __str__(self):
        return f"{self.source} {self.width}w {self.format}"


class AuthorProfile(models.Model):
    """What readers see on a journalist's page: a short biography and a photo."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="author_profile",
        verbose_name=_("user"),
    )
    bio = models.TextField(
        _("short biography"),
        max_length=600,
        blank=True,
        help_text=_("Two or three sentences shown on the author's page."),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to=UnguessableName("authors/"),
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The author page's address: made from the name readers see, never from the login name.
    slug = models.SlugField(
        _("address"),
        max_length=120,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_(
            "The author page's address, /author/<address>/. Made from the name when left empty."
        ),
    )

    class Meta:
        verbose_name = _("author profile")
        verbose_name_plural = _("author profiles")

    def __str__(self):
        return display_name(self.user)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = author_slug(self.user, exclude=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_cached("articles:author", slug=self.slug)

    @classmethod
    def ensure(cls, user_id) -> None:
        """Every published author has a profile, so that their page has an address."""
        if user_id and not cls.objects.filter(user_id=user_id).exists():
            cls(user=get_user_model().objects.get(pk=user_id)).save()


def author_slug(user, *, exclude=None) -> str:
    """A free slug from the person's full name (Arabic kept), never their login name: with no
    full name, or a name that is the login name (WordPress's default display name), it is
    "author-<id>". Editors may still choose any slug in the profile."""
    base = slugify(user.get_full_name(), allow_unicode=True)[:100]
    if not base or base.lower() == user.get_username().lower():
        base = f"author-{user.pk}"
    taken = AuthorProfile.objects.exclude(pk=exclude) if exclude else AuthorProfile.objects
    slug, n = base, 1
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def author_url(user) -> str | None:
    """The one place author page addresses are built (bylines, sitemaps, feeds, JSON-LD): the
    profile's slug, or None for someone without a profile (no page to link to)."""
    if user is None:
        return None
    try:
        profile = user.author_profile
    except AuthorProfile.DoesNotExist:
        return None
    return profile.get_absolute_url() if profile.slug else None


class Correction(models.Model):
    """A dated note an editor adds to a published article; readers see it under the text."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("article")
    )
    text = models.TextField(_("correction"), max_length=1000)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return self.text[:60]


# Models kept in their own modules, imported here so Django registers them with the app.
from articles.editing import Autosave, EditLock  # noqa: E402, F401
from articles.notes import ArticleNote  # noqa: E402, F401
from articles.pages import Page  # noqa: E402, F401
from articles.redirects import Redirect  # noqa: E402, F401
from articles.wordpress import WordPressItem  # noqa: E402, F401
