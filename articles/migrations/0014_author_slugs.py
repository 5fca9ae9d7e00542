"""Author pages move from the login name to a slug of the author's name: every existing
profile gets one, and every author of an article gets a profile (and so a page address)."""

from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    AuthorProfile = apps.get_model("articles", "AuthorProfile")
    Article = apps.get_model("articles", "Article")
    ArticleAuthor = apps.get_model("articles", "ArticleAuthor")
    authors = set(Article.objects.exclude(author=None).values_list("author_id", flat=True))
    authors |= set(ArticleAuthor.objects.values_list("user_id", flat=True))
    have = set(AuthorProfile.objects.values_list("user_id", flat=True))
    for user_id in sorted(authors - have):
        AuthorProfile.objects.create(user_id=user_id, slug="")
    taken = set()
    for profile in AuthorProfile.objects.select_related("user").order_by("pk"):
        user = profile.user
        full_name = f"{user.first_name} {user.last_name}".strip()
        base = slugify(full_name, allow_unicode=True)[:100]
        if not base or base.lower() == user.username.lower():  # never the login name
            base = f"author-{user.pk}"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        profile.slug = slug
        profile.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_article_notes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="authorprofile",
            name="slug",
            field=models.CharField(blank=True, default="", max_length=120),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="authorprofile",
            name="slug",
            field=models.SlugField(
                allow_unicode=True,
                blank=True,
                help_text="The author page's address, /author/<address>/. Made from the name when left empty.",
                max_length=120,
                unique=True,
                verbose_name="address",
            ),
        ),
    ]
