"""Reader-supplied names, websites and texts are inert wherever they are shown."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.forms import CommentForm
from comments.models import Comment
from comments.rendering import render_comment_text
from tests.factories import make_article, make_comment, make_user
from tests.html import parse
from tests.security import inert
from tests.security.xss_payloads import PAYLOADS as ALL_PAYLOADS

pytestmark = pytest.mark.django_db

# The corpus (tests/security/xss_payloads.py) without NUL, which the form refuses
# (test_null_bytes_cannot_be_posted) and PostgreSQL cannot store.
PAYLOADS = [payload for payload in ALL_PAYLOADS if "\x00" not in payload]


def shown(text):
    return " ".join(text.split())


def characters(text):
    """The characters of a text, in any order: what a reader sees even when part is a link."""
    return sorted("".join(text.split()))


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(make_user(is_superuser=True))
    return client


def payload_comments(payload):
    article = make_article()
    return article, {
        "name": make_comment(
            article,
            author_name=payload,
            author_url="https://reader.example.com/",
            content="تعليق عادي",
        ),
        "website": make_comment(article, author_name="قارئ", author_url=payload, content="نص"),
        "text": make_comment(article, author_name="قارئ آخر", content=payload),
    }


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert_on_the_article_page(client, payload):
    article, comments = payload_comments(payload)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = parse(response.content)
    section = page.find("section", id="comments")
    for comment in comments.values():
        assert section.find("li", id=f"comment-{comment.pk}") is not None
    assert inert.problems(response.content) == []

    name = section.find("li", id=f"comment-{comments['name'].pk}").find("bdi")
    assert name.text == shown(payload)
    text = section.find("li", id=f"comment-{comments['text'].pk}").find(
        "div", class_="comment__content"
    )
    assert characters(text.text) == characters(payload)  # shown as typed, nothing swallowed


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert_on_the_admin_detail_page(admin_client, payload):
    _article, comments = payload_comments(payload)
    for field, comment in comments.items():
        response = admin_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
        assert response.status_code == 200
        page = parse(response.content)
        main = page.find("div", id="content-main")
        assert inert.problems(response.content) == [], field
        if field == "text":
            rendered = main.find("div", class_="as-readers-see").text
            assert characters(rendered) == characters(payload)
        if field == "name":
            readers_view = main.find("section", aria_labelledby="as-readers")
            assert readers_view.find("bdi").text == shown(payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert_in_the_admin_list(admin_client, payload):
    _article, comments = payload_comments(payload)
    response = admin_client.get(reverse("admin:comments_comment_changelist"))
    assert response.status_code == 200
    page = parse(response.content)
    results = page.find("table", id="result_list")
    assert {comment.pk for comment in response.context["cl"].result_list} == {
        comment.pk for comment in comments.values()
    }
    assert results is not None
    assert inert.problems(response.content) == []


# --- links that readers wrote carry nofollow and ugc --------------------------------------------


def commented_article_with_links():
    article = make_article()
    comments = [
        make_comment(article, author_url="https://reader.example.com/profile"),
        make_comment(article, content="راجع https://example.com/a و www.example.org/b"),
        make_comment(article, content="راسلني على reader@example.com"),
    ]
    for index, payload in enumerate(PAYLOADS):
        target = ("author_name", "author_url", "content")[index % 3]
        comments.append(make_comment(article, **{target: payload}))
    return article, comments


def assert_reader_links_are_nofollow_ugc(links):
    assert links, "expected some links written by readers"
    for link in links:
        rel = link.attrs.get("rel", "").split()
        assert "nofollow" in rel, link.attrs
        assert "ugc" in rel, link.attrs


def test_reader_links_on_the_article_page_are_nofollow_ugc(client):
    article, _comments = commented_article_with_links()
    section = parse(client.get(article.get_absolute_url()).content).find("section", id="comments")
    links = []
    for author in section.find_all(class_="comment__author"):
        links += author.find_all("a")
    for body in section.find_all("div", class_="comment__content"):
        links += body.find_all("a")
    assert {inert.browser_url(link.attrs["href"])[:5] for link in links} <= {
        "https",
        "http:",
        "mailt",
    }
    assert "https://reader.example.com/profile" in [link.attrs["href"] for link in links]
    assert "https://example.com/a" in [link.attrs["href"] for link in links]
    assert_reader_links_are_nofollow_ugc(links)


def test_reader_links_on_the_admin_detail_page_are_nofollow_ugc(admin_client):
    _article, comments = commented_article_with_links()
    links = []
    for comment in comments:
        page = parse(
            admin_client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content
        )
        links += page.find("section", aria_labelledby="as-readers").find_all("a")
    assert "https://reader.example.com/profile" in [link.attrs["href"] for link in links]
    assert "https://example.com/a" in [link.attrs["href"] for link in links]
    assert_reader_links_are_nofollow_ugc(links)


# --- the form ---------------------------------------------------------------------------------

VALID = {
    "comment": "مقال ممتاز، شكراً للكاتب.",
    "author": "أبو خالد",
    "email": "abukhaled@example.com",
    "url": "",
    "comment_parent": "0",
}

DANGEROUS_WEBSITES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "javascript://example.com/%0Aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "jav\tascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "ftp://example.com/",
]


@pytest.mark.parametrize("website", DANGEROUS_WEBSITES)
def test_form_refuses_websites_that_are_not_http(website):
    form = CommentForm({**VALID, "url": website}, article=make_article())
    assert not form.is_valid()
    assert "url" in form.errors


@pytest.mark.parametrize("website", DANGEROUS_WEBSITES)
def test_posting_a_dangerous_website_stores_nothing(client, website):
    article = make_article()
    response = client.post(
        reverse("comments:post", kwargs={"article_id": article.pk}), {**VALID, "url": website}
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize("website", PAYLOADS)
def test_any_website_the_form_accepts_is_plain_http(website):
    form = CommentForm({**VALID, "url": website}, article=make_article())
    if form.is_valid():
        assert form.cleaned_data["url"].lower().startswith(("http://", "https://"))


@pytest.mark.parametrize("field", ["author", "comment"])
def test_null_bytes_cannot_be_posted(client, field):
    article = make_article()
    value = {"author": "أبو\x00خالد", "comment": "<scr\x00ipt>alert(1)</scr\x00ipt>"}[field]
    response = client.post(
        reverse("comments:post", kwargs={"article_id": article.pk}), {**VALID, field: value}
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_null_bytes_in_a_text_render_inert():
    html = render_comment_text("<scr\x00ipt>alert(1)</scr\x00ipt> java\x00script:alert(1)")
    fragment = parse(html)
    assert inert.problems(html, fragment=True) == []
    assert fragment.find_all("a") == []


# --- bidirectional text -----------------------------------------------------------------------

BIDI_CONTROLS = [chr(code) for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]


def test_bidi_controls_are_removed_from_names_posted_through_the_form(client):
    article = make_article()
    name = "أبو\u202e خالد\u202c" + "".join(BIDI_CONTROLS) + " gpj.exe"
    response = client.post(
        reverse("comments:post", kwargs={"article_id": article.pk}), {**VALID, "author": name}
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert not any(control in comment.author_name for control in BIDI_CONTROLS)
    assert comment.author_name == "أبو خالد gpj.exe"


@pytest.mark.parametrize("control", BIDI_CONTROLS)
def test_each_bidi_control_is_removed_from_a_posted_name(client, control):
    article = make_article()
    client.post(
        reverse("comments:post", kwargs={"article_id": article.pk}),
        {**VALID, "author": f"سارة{control}Sara"},
    )
    assert Comment.objects.get().author_name == "سارةSara"


def test_a_name_made_only_of_bidi_controls_is_refused(client):
    article = make_article()
    response = client.post(
        reverse("comments:post", kwargs={"article_id": article.pk}),
        {**VALID, "author": "\u202e\u2066\u2069"},
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_names_are_isolated_and_texts_take_their_own_direction(client, admin_client):
    article = make_article()
    plain = make_comment(article, author_name="Ahmad أحمد", content="English then عربي")
    linked = make_comment(
        article, author_name="نورة", author_url="https://noura.example.com/", content="نص"
    )
    section = parse(client.get(article.get_absolute_url()).content).find("section", id="comments")
    for comment in (plain, linked):
        item = section.find("li", id=f"comment-{comment.pk}")
        author = item.find(class_="comment__author")
        assert author.children[0].tag == "bdi"
        assert author.find("bdi").text == comment.author_name
        body = item.find("div", class_="comment__content")
        assert body.attrs.get("dir") == "auto"
        assert comment.content in body.text

    for comment in (plain, linked):
        page = parse(
            admin_client.get(reverse("admin:comments_comment_change", args=[comment.pk])).content
        )
        readers_view = page.find("section", aria_labelledby="as-readers")
        assert readers_view.find("bdi").text == comment.author_name
        assert readers_view.find("div", class_="as-readers-see").attrs.get("dir") == "auto"
