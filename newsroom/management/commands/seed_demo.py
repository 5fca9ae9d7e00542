"""Demo content: categories, original Arabic articles, threaded comments and demo staff users.

Running it again changes nothing: every object is looked up by a natural key first.
"""

import secrets
from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from PIL import Image, ImageColor, ImageDraw

from articles.images import refresh_renditions
from articles.models import Article, AuthorProfile, Category, Correction, Page, Tag
from comments.models import Comment, CommentEvent
from comments.states import SPAM_KEPT
from newsroom import demo_data
from newsroom.roles import install_roles

# The documented password of the quick start (bin/serve runs with DEBUG on). Without DEBUG the
# staff accounts get random passwords, printed once: a known password must never reach a server.
DEMO_PASSWORD = "newsroom-demo"

DEMO_USERS = [
    # username, first name, last name, group (the roles: newsroom/roles.py)
    ("journalist", "ريم", "الصالح", "Journalists"),
    ("editor", "خالد", "المطيري", "Editors"),
    ("moderator", "نورة", "الشمري", "Moderators"),
]
DEMO_ROLES = {group for *_, group in DEMO_USERS}


def arabic_days(n: int) -> str:
    """A number of days as Arabic counts them: يوم واحد، يومين، 3 أيام، 15 يوماً، 100 يوم."""
    if n == 1:
        return "يوم واحد"
    if n == 2:
        return "يومين"
    rest = n % 100
    if 3 <= rest <= 10:
        return f"{n} أيام"
    if 11 <= rest <= 99:
        return f"{n} يوماً"
    return f"{n} يوم"


# One colour per section, for the generated illustration images.
PALETTE = ["#7a1f2b", "#1f4e79", "#2e6b3a", "#8a5a12", "#4b2c6f", "#0f5f63"]


def illustration(seed: int, colour: str) -> ContentFile:
    """An abstract 16:9 picture (no text), so the demo pages show their image slots."""
    width, height = 1200, 675
    base = ImageColor.getrgb(colour)
    image = Image.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(image)
    for y in range(height):  # vertical gradient towards a darker shade
        shade = tuple(int(c * (1 - 0.45 * y / height)) for c in base)
        draw.line([(0, y), (width, y)], fill=shade)
    for n in range(7):  # soft circles placed by the seed
        radius = 60 + (seed * 37 + n * 53) % 180
        x = (seed * 131 + n * 197) % width
        y = (seed * 71 + n * 113) % height
        tint = tuple(min(255, c + 40 + 20 * (n % 3)) for c in base)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=tint, width=6)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=80, optimize=True)
    return ContentFile(buffer.getvalue())


def portrait(seed: int, colour: str) -> ContentFile:
    """A square abstract picture standing in for an author's photo (no real person)."""
    base = ImageColor.getrgb(colour)
    image = Image.new("RGB", (320, 320), tuple(min(255, c + 60) for c in base))
    draw = ImageDraw.Draw(image)
    draw.ellipse([100, 50, 220, 170], fill=base)  # head
    draw.ellipse([50, 190, 270, 420], fill=base)  # shoulders
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue())


def paragraphs_to_html(paragraphs):
    return "\n".join(f"<p>{escape(text)}</p>" for text in paragraphs)


class Command(BaseCommand):
    help = "Create the demo newspaper: sections, articles, comments, groups and demo users."

    @transaction.atomic
    def handle(self, *args, **options):
        groups = self.seed_groups()
        users = self.seed_users(groups)
        categories = self.seed_categories()
        articles = self.seed_articles(categories, users)
        self.seed_desk(articles, users)
        self.seed_pages()
        created_comments = sum(
            self.seed_comments(articles[item["slug"]], item) for item in demo_data.ARTICLES
        )
        created_comments += self.seed_queue(articles)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {Category.objects.count()} categories, "
                f"{Article.objects.count()} articles, {Comment.objects.count()} comments "
                f"({created_comments} new)."
            )
        )
        self.report_passwords(self.new_passwords)

    def report_passwords(self, passwords: dict[str, str]):
        if settings.DEBUG:
            self.stdout.write(
                "Demo staff accounts (local use only), password "
                f"'{DEMO_PASSWORD}': "
                + ", ".join(username for username, *_ in DEMO_USERS)
                + " — sign in at /admin/"
            )
        elif passwords:
            self.stdout.write(
                "New staff accounts with random passwords (shown only now; save them or reset "
                "them with `manage.py changepassword`):"
            )
            for username, password in passwords.items():
                self.stdout.write(f"  {username}: {password}")

    def seed_groups(self):
        """The staff roles are the roles migration's (newsroom/roles.py): every install has
        them. Installed again here only for a database emptied since (a test's flush)."""
        install_roles()
        return {group.name: group for group in Group.objects.filter(name__in=DEMO_ROLES)}

    def seed_users(self, groups):
        User = get_user_model()
        users = {}
        self.new_passwords = {}
        for username, first_name, last_name, group in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@newsroom.invalid",
                    "is_staff": True,
                },
            )
            if created:
                password = DEMO_PASSWORD if settings.DEBUG else secrets.token_urlsafe(15)
                user.set_password(password)
                user.save(update_fields=["password"])
                self.new_passwords[username] = password
            user.groups.add(groups[group])
            users[username] = user
        return users

    def seed_categories(self):
        categories = {}
        for item in demo_data.CATEGORIES:
            category, _created = Category.objects.update_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "description": item["description"],
                    "position": item["position"],
                },
            )
            categories[category.slug] = category
        return categories

    def seed_articles(self, categories, users):
        now = timezone.now().replace(second=0, microsecond=0)
        articles = {}
        for item in demo_data.ARTICLES:
            article, _created = Article.objects.get_or_create(
                slug=item["slug"],
                defaults={
                    "title": item["title"],
                    "category": categories[item["category"]],
                    "author": users[item["author"]],
                    "lead": item["lead"],
                    "body": paragraphs_to_html(item["body"]),
                    "status": item["status"],
                    "published_at": now - timedelta(hours=item["hours_ago"]),
                    "comments_open": item["comments_open"],
                },
            )
            tags = []
            for name in item["tags"]:
                tag, _created = Tag.objects.get_or_create(
                    name=name, defaults={"slug": slugify(name, allow_unicode=True)}
                )
                tags.append(tag)
            article.tags.set(tags)
            if not article.image:
                position = list(categories).index(item["category"])
                article.image.save(
                    f"demo-{position}-{len(articles)}.jpg",
                    illustration(len(articles), PALETTE[position % len(PALETTE)]),
                    save=False,
                )
                article.image_alt = f"رسم تجريدي بألوان قسم {article.category.name}"
                article.image_caption = "صورة توضيحية (أرشيف الموقع)"
                article.save(update_fields=["image", "image_alt", "image_caption"])
            articles[article.slug] = article
        for item in demo_data.ARTICLES:
            articles[item["slug"]].see_also.set([articles[slug] for slug in item["see_also"]])
        return articles

    def seed_desk(self, articles, users):
        """Author bios, renditions of every image, one breaking story and a correction."""
        for n, (username, bio) in enumerate(demo_data.AUTHOR_BIOS.items()):
            # Publishing made the profile already (its slug from the Arabic name, not the login).
            profile, _created = AuthorProfile.objects.get_or_create(
                user=users[username], defaults={"bio": bio}
            )
            if not profile.bio:
                profile.bio = bio
                profile.save(update_fields=["bio"])
            if not profile.photo:
                profile.photo.save(f"demo-{username}.jpg", portrait(n, PALETTE[n + 1]))
        for article in articles.values():
            # Queued like an upload in the admin: `db_worker` (started by bin/serve) makes them.
            if not article.renditions.filter(source=article.image.name).exists():
                refresh_renditions(article)
        breaking = articles[demo_data.BREAKING]
        if breaking.breaking_until is None:
            breaking.mark_breaking(6)
            breaking.save(update_fields=["breaking_until"])
        for slug, notes in demo_data.CORRECTIONS.items():
            article = articles[slug]
            for text in notes:
                _correction, created = Correction.objects.get_or_create(
                    article=article, text=text, defaults={"created_by": users["editor"]}
                )
                if created:
                    article.note_content_change(["corrections"])
                    article.save(update_fields=["content_updated_at"])

    def seed_pages(self):
        """About, privacy policy, terms and contact, linked from every page's footer."""
        numbers = {
            "ip_days": arabic_days(settings.COMMENTS_IP_RETENTION_DAYS),
            "spam_days": arabic_days(SPAM_KEPT.days),
        }
        for slug, title, position, body in demo_data.PAGES:
            Page.objects.get_or_create(
                slug=slug,
                defaults={
                    "title": title,
                    "body": body.format(**numbers),
                    "published": True,
                    "footer_position": position,
                },
            )

    def seed_comments(self, article, item):
        """Threads are created once per article; an article that has comments is left alone."""
        if not item["comments"] or article.comments.exists():
            return 0
        moment = article.published_at + timedelta(minutes=20)
        created = 0

        def create(entries, parent):
            nonlocal moment, created
            for entry in entries:
                moment += timedelta(minutes=17)
                comment = Comment.objects.create(
                    article=article,
                    parent=parent,
                    depth=parent.depth + 1 if parent else 1,
                    author_name=entry["name"],
                    author_email=entry["email"],
                    content=entry["content"],
                    status=Comment.Status.APPROVED,
                    created_at=min(moment, timezone.now()),
                    ip="127.0.0.1",
                )
                created += 1
                create(entry.get("replies", []), comment)

        create(item["comments"], None)
        return created

    def seed_queue(self, articles):
        """A few comments for the moderation desk: waiting, held, unchecked and spam."""
        created = 0
        for minutes, item in enumerate(demo_data.MODERATION_QUEUE, start=1):
            article = articles[item["article"]]
            if article.comments.filter(author_email=item["email"]).exists():
                continue
            comment = Comment.objects.create(
                article=article,
                author_name=item["name"],
                author_email=item["email"],
                content=item["content"],
                status=item["status"],
                akismet_result=item["akismet"],
                created_at=timezone.now() - timedelta(minutes=5 * minutes),
                ip="192.0.2.10",
                user_agent="Mozilla/5.0 (demo)",
            )
            # The history a real submission writes (comments.moderation.submit_comment).
            comment.log(CommentEvent.Event.RECEIVED)
            comment.log(item["event"])
            if item["status"] != Comment.Status.PENDING:
                comment.log(f"status-{item['status']}")
            created += 1
        return created
