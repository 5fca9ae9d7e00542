"""The XSS corpus through every field readers and journalists fill in, checked on every page
that shows it, and in the moderators' digest, by parsing the page as a browser does
(tests/security/inert.py). Payloads are stored a batch at a time, so that each list is rendered
once for a whole batch."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from PIL import Image

from articles.models import Article, AuthorProfile, Category, Correction, Page, Tag, author_url
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
    (Page, "title"), (Page, "body"),
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


def world(payload, n=0):
    """One article with the payload in every field, and comments with it in every reader field;
    `n` keeps the slugs of several worlds in one database apart."""
    User = get_user_model()
    writer = make_user(
        is_staff=True,
        first_name=fit(User, "first_name", payload),
        last_name=fit(User, "last_name", payload),
    )
    AuthorProfile.objects.create(user=writer, bio=fit(Comment, "content", payload))
    category = Category.objects.create(
        name=fit(Category, "name", payload),
        slug=f"payload-section-{n}",
        description=fit(Comment, "content", payload),
    )
    tag = Tag.objects.create(name=fit(Tag, "name", payload), slug=f"payload-tag-{n}")
    Page.objects.create(  # shown at /payload-page-<n>/ and in every page's footer
        title=fit(Page, "title", payload),
        slug=f"payload-page-{n}",
        body=f"<p>{SEARCH_WORD}</p>{payload}",
        published=True,
    )
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


# The corpus is stored in batches small enough for every list to show a whole batch on its
# first page (the home page shows nine latest stories, search ten results, the desk fifty
# comments): each list is rendered once per batch, each page of one object once per payload.
BATCH = 8
BATCHES = [PAYLOADS[start : start + BATCH] for start in range(0, len(PAYLOADS), BATCH)]


def object_pages(article):
    """The reader pages that show one payload's objects, and the search that echoes it."""
    category = article.category
    return {
        "article": article.get_absolute_url(),
        "category": category.get_absolute_url(),
        "author": author_url(article.author),
        "static page": "/payload-page-{}/".format(category.slug.rsplit("-", 1)[1]),
        "search (payload)": reverse("articles:search") + "?" + _query(article.title),
    }


def list_pages():
    return {
        "home": reverse("articles:home"),
        "search (highlighted)": reverse("articles:search") + "?" + _query(SEARCH_WORD),
    }


def object_feeds(article):
    slug = {"slug": article.category.slug}
    return {
        "category rss": reverse("articles:category-feed", kwargs=slug),
        "category atom": reverse("articles:category-feed-atom", kwargs=slug),
        "comments rss": reverse("comments:feed", kwargs={"article_id": article.pk}),
    }


def list_feeds():
    return {"rss": reverse("articles:feed"), "atom": reverse("articles:feed-atom")}


def object_staff_pages(article, comments):
    """The article's admin page and the change page of the comment that carries the payload in
    every reader field (the others show the same form)."""
    return {
        "article admin": reverse("admin:articles_article_change", args=[article.pk]),
        "comment": reverse("admin:comments_comment_change", args=[comments[-1].pk]),
    }


def list_staff_pages(articles):
    """The desk, its pending queue, and its search echoing every payload of the batch at once
    (the desk shows its query as typed, and escaping works character by character: one query
    holding them all is escaped exactly as each alone would be)."""
    desk = reverse("admin:comments_comment_changelist")
    every_title = " ".join(article.title for article in articles)
    return {
        "desk": desk,
        "desk pending": f"{desk}?status=pending",
        "desk search": f"{desk}?{_query(every_title)}",
    }


def _query(text):
    from urllib.parse import urlencode

    return urlencode({"q": text})


@pytest.mark.parametrize("batch", range(len(BATCHES)))
def test_every_payload_is_inert_on_every_page_and_in_the_digest(client, admin_client, batch):
    worlds = [world(payload, n) for n, payload in enumerate(BATCHES[batch])]
    found = {}

    def visit(name, url, browser, check, statuses=(200,)):
        response = browser.get(url)
        assert response.status_code in statuses, (name, response.status_code)
        found[name] = check(response.content)
        return response.content.decode()

    for n, (article, comments) in enumerate(worlds):
        for name, url in object_pages(article).items():
            visit(f"{name} #{n}", url, client, problems, statuses=(200, 400))
        for name, url in object_feeds(article).items():
            visit(f"{name} #{n}", url, client, feed_problems)
        for name, url in object_staff_pages(article, comments).items():
            visit(f"{name} #{n}", url, admin_client, problems)

    # Each list is rendered once with the whole batch in it.
    for name, url in list_pages().items():
        page = visit(name, url, client, problems, statuses=(200, 400))
        assert all(article.get_absolute_url() in page for article, _ in worlds), name
    for name, url in list_feeds().items():
        page = visit(name, url, client, feed_problems)
        assert all(iri_to_uri(article.get_absolute_url()) in page for article, _ in worlds), name
    for name, url in list_staff_pages([article for article, _ in worlds]).items():
        page = visit(name, url, admin_client, problems)
        if name == "desk search":
            continue
        shown = {int(pk) for pk in re.findall(r'name="_selected_action" value="(\d+)"', page)}
        listed = {c.pk for _, comments in worlds for c in comments}
        if name == "desk pending":
            listed = {comments[-1].pk for _, comments in worlds}
        assert listed <= shown, name
    assert {name: issues for name, issues in found.items() if issues} == {}

    # The moderators' digest announces the batch's waiting comments (one message each; the
    # superuser behind admin_client is a moderator too).
    make_user(email="desk@example.com", permissions=["comments.moderate_comment"])
    waiting = [comments[-1].pk for _article, comments in worlds]
    Comment.objects.exclude(pk__in=waiting).update(notified_at=timezone.now())
    assert send_digest() == len(waiting)
    (_desk,) = [message for message in mail.outbox if message.to == ["desk@example.com"]]
    for message in mail.outbox:
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
