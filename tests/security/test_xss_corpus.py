"""The XSS corpus through every field readers and journalists fill in, checked on every page
that shows it by parsing the page as a browser does (tests/security/inert.py)."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article, AuthorProfile, Category, Correction, Tag
from comments.models import Comment
from comments.notifications import send_digest
from tests.factories import make_article, make_comment, make_user
from tests.security.inert import feed_problems, problems
from tests.security.xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db

SEARCH_WORD = "تقرير"

# What the corpus goes through: (model, field) pairs, for the closing count.
ARTICLE_FIELDS = [
    (Article, "title"), (Article, "lead"), (Article, "body"), (Article, "image_alt"),
    (Article, "image_caption"), (Article, "image_credit"), (Category, "name"),
    (Category, "description"), (Tag, "name"), (AuthorProfile, "bio"),
    (get_user_model(), "first_name"), (get_user_model(), "last_name"), (Correction, "text"),
]  # fmt: skip
READER_FIELDS = [
    (Comment, "author_name"), (Comment, "author_email"), (Comment, "author_url"),
    (Comment, "content"),
]  # fmt: skip


def fit(model, field, value):
    """The value as a form would let it in: no NUL (Django's forms refuse it, PostgreSQL cannot
    store it), cut to the column's length."""
    value = value.replace("\x00", "")
    limit = model._meta.get_field(field).max_length
    return value[:limit] if limit else value


def jpeg():
    buffer = BytesIO()
    Image.new("RGB", (60, 40), "#1f4e79").save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())


def world(payload):
    """One article with the payload in every field, and comments with it in every reader field."""
    User = get_user_model()
    writer = make_user(
        is_staff=True,
        first_name=fit(User, "first_name", payload),
        last_name=fit(User, "last_name", payload),
    )
    AuthorProfile.objects.create(user=writer, bio=fit(Comment, "content", payload))
    category = Category.objects.create(
        name=fit(Category, "name", payload),
        slug="payload-section",
        description=fit(Comment, "content", payload),
    )
    tag = Tag.objects.create(name=fit(Tag, "name", payload), slug="payload-tag")
    article = make_article(
        title=fit(Article, "title", payload),
        lead=fit(Article, "lead", f"{payload} {SEARCH_WORD}"),
        body=fit(Article, "body", f"<p>{SEARCH_WORD} أول.</p>{payload}<p>{payload}</p>"),
        category=category,
        author=writer,
        image_alt=fit(Article, "image_alt", payload),
        image_caption=fit(Article, "image_caption", payload),
        image_credit=fit(Article, "image_credit", payload),
        breaking_until=timezone.now() + timedelta(hours=2),
    )
    article.image.save("photo.jpg", jpeg(), save=True)
    article.tags.add(tag)
    Correction.objects.create(article=article, text=fit(Comment, "content", payload))
    comments = [
        make_comment(article, author_name=fit(Comment, "author_name", payload)),
        make_comment(article, author_email=fit(Comment, "author_email", payload)),
        make_comment(article, author_url=fit(Comment, "author_url", payload)),
        make_comment(article, content=fit(Comment, "content", payload)),
        make_comment(
            article,
            status=Comment.Status.PENDING,
            author_name=fit(Comment, "author_name", payload),
            author_email=fit(Comment, "author_email", payload),
            author_url=fit(Comment, "author_url", payload),
            content=fit(Comment, "content", payload),
        ),
    ]
    return article, comments


def reader_pages(article):
    category = article.category
    return {
        "article": article.get_absolute_url(),
        "home": reverse("articles:home"),
        "category": category.get_absolute_url(),
        "author": reverse("articles:author", args=[article.author.get_username()]),
        "search (payload)": reverse("articles:search") + "?" + _query(article.title),
        "search (highlighted)": reverse("articles:search") + "?" + _query(SEARCH_WORD),
    }


def feeds(article):
    slug = {"slug": article.category.slug}
    return {
        "rss": reverse("articles:feed"),
        "atom": reverse("articles:feed-atom"),
        "category rss": reverse("articles:category-feed", kwargs=slug),
        "category atom": reverse("articles:category-feed-atom", kwargs=slug),
        "comments rss": reverse("comments:feed", kwargs={"article_id": article.pk}),
    }


def staff_pages(article, comments):
    desk = reverse("admin:comments_comment_changelist")
    pages = {
        "desk": desk,
        "desk pending": f"{desk}?status=pending",
        "desk search": f"{desk}?{_query(article.title)}",
        "article admin": reverse("admin:articles_article_change", args=[article.pk]),
    }
    for comment in comments:
        pages[f"comment {comment.pk}"] = reverse("admin:comments_comment_change", args=[comment.pk])
    return pages


def _query(text):
    from urllib.parse import urlencode

    return urlencode({"q": text})


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_payload_is_inert_on_every_page(client, admin_client, payload):
    article, comments = world(payload)
    found = {}
    for name, url in reader_pages(article).items():
        response = client.get(url)
        assert response.status_code in (200, 400), (name, response.status_code)
        found[name] = problems(response.content)
    for name, url in feeds(article).items():
        response = client.get(url)
        assert response.status_code == 200, name
        found[name] = feed_problems(response.content)
    for name, url in staff_pages(article, comments).items():
        response = admin_client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        found[name] = problems(response.content)
    assert {name: issues for name, issues in found.items() if issues} == {}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_payload_is_inert_in_the_moderators_digest(payload):
    make_user(email="desk@example.com", permissions=["comments.moderate_comment"])
    _article, comments = world(payload)
    Comment.objects.exclude(pk=comments[-1].pk).update(notified_at=timezone.now())
    assert send_digest() == 1
    (message,) = mail.outbox
    # Plain text only: a mail client shows it as typed and runs nothing.
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", [])
    assert "\n" not in message.subject
    assert "\r" not in message.subject


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_is_never_a_slug(payload):
    """Slugs (the only article field in a URL path) refuse anything but letters, digits, - and _."""
    for model in (Article, Category, Tag):
        field = model._meta.get_field("slug")
        try:
            value = field.clean(payload, None)
        except ValidationError:
            continue
        assert all(ch.isalnum() or ch in "-_" for ch in value), (model, value)
