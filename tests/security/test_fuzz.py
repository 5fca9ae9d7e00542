"""Property tests (Hypothesis): whatever arrives in a public form, the desk's filters or the
admin login, the answer is never a 500; a refusal stores nothing; what is stored renders inert.

Each test draws FUZZ_EXAMPLES requests (50; NEWSROOM_FUZZ_EXAMPLES changes it). Examples share
the test's database transaction, so each one compares row counts before and after itself.
"""

import os
from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.models import Comment, CommentEvent
from tests.factories import make_article, make_user
from tests.security.inert import problems
from tests.security.xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db

FUZZ_EXAMPLES = int(os.environ.get("NEWSROOM_FUZZ_EXAMPLES", "50"))
fuzz = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    database=None,  # no example database in the repository: each run draws afresh
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- what an attacker sends --------------------------------------------------------------------

any_text = st.text(st.characters(codec=None, categories=None), max_size=300)  # lone surrogates too
control_text = st.text(st.characters(max_codepoint=0x3F), max_size=50)  # C0 controls, NUL, …
huge_text = st.integers(1_000, 150_000).map(lambda n: ("تعليق " * n)[:n])
wrong_types = st.sampled_from(
    ["", "0", "-1", "abc", "1e9", "99999999999999999999999", "None", "[]", "{}", "true", " ", "%00"]
)
value = st.one_of(any_text, control_text, huge_text, wrong_types, st.sampled_from(PAYLOADS))

# How a value becomes bytes: UTF-8 (lone surrogates as invalid bytes), a foreign charset, noise.
ENCODINGS = ["utf-8", "utf-16", "latin-1", "cp1256", "iso-2022-jp"]
encoding = st.sampled_from([*ENCODINGS, "surrogates", "raw"])
charset = st.sampled_from(["", "; charset=utf-8", "; charset=utf-16", "; charset=latin-1",
                           "; charset=windows-1256", "; charset=nonsense"])  # fmt: skip


def to_bytes(text: str, how: str, noise: bytes) -> bytes:
    if how == "raw":
        return noise
    if how == "surrogates":
        return text.encode("utf-8", "surrogatepass")
    return text.encode(how, "replace")


@st.composite
def form_body(draw, names):
    """A urlencoded body: each field missing, present once or repeated, plus unknown ones."""
    pairs = []
    for name in [*names, draw(st.sampled_from(["x", "comment[]", "", "\u0645"]))]:
        repeat = draw(st.sampled_from([0, 1, 1, 1, 2]))
        for _ in range(repeat):
            raw = to_bytes(draw(value), draw(encoding), draw(st.binary(max_size=40)))
            pairs.append(f"{quote_from_bytes(name.encode())}={quote_from_bytes(raw)}")
    return "&".join(pairs).encode("ascii")


@st.composite
def query_string(draw, names):
    pairs = []
    for name in names:
        if draw(st.booleans()):
            raw = to_bytes(draw(value), draw(encoding), draw(st.binary(max_size=40)))
            pairs.append(f"{name}={quote_from_bytes(raw[:3000])}")
    return "&".join(pairs)


# --- the checks ---------------------------------------------------------------------------------


def counts():
    return Comment.objects.count(), CommentEvent.objects.count()


@pytest.fixture
def quiet(settings):
    """No burst limit, flood rule or login lock-out in the way of hundreds of requests."""
    settings.POST_BURST_LIMIT = 0
    settings.POST_BURST_STAFF_LIMIT = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.AXES_ENABLED = False


@pytest.fixture
def moderator_client():
    client = Client()
    client.force_login(
        make_user(permissions=["comments.view_comment", "comments.moderate_comment"])
    )
    return client


def test_posting_anything_to_the_comment_form(quiet, admin_client):
    article = make_article()
    url = reverse("comments:post", kwargs={"article_id": article.pk})
    reader = Client()
    seen = {"stored": 0, "refused": 0}

    @fuzz
    @given(
        body=form_body(["comment", "author", "email", "url", "comment_parent"]),
        content_type=charset,
    )
    def post(body, content_type):
        before = set(Comment.objects.values_list("pk", flat=True))
        before_counts = counts()
        response = reader.generic(
            "POST", url, body, content_type=f"application/x-www-form-urlencoded{content_type}"
        )
        assert response.status_code < 500
        if response.status_code >= 400:
            assert counts() == before_counts  # refused: nothing stored, not even an event
            seen["refused"] += 1
            return
        assert response.status_code == 302
        for comment in Comment.objects.exclude(pk__in=before):
            seen["stored"] += 1
            page = admin_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
            assert page.status_code == 200
            assert problems(page.content) == []

    post()
    assert seen["refused"]  # the property was exercised both ways
    page = admin_client.get(reverse("admin:comments_comment_changelist"))
    assert problems(page.content) == []
    Comment.objects.update(status=Comment.Status.APPROVED)
    assert problems(reader.get(article.get_absolute_url()).content) == []


def test_searching_for_anything(quiet):
    make_article(lead="تقرير عن الاقتصاد")
    client = Client()

    @fuzz
    @given(query=query_string(["q", "page", "category", "since", "until"]))
    def search(query):
        response = client.generic("GET", f"{reverse('articles:search')}?{query}")
        assert response.status_code in (200, 400)
        assert problems(response.content) == []

    search()


DESK_PARAMETERS = [
    "status", "akismet_result", "article__id__exact", "created_at__gte", "created_at__lt",
    "created_at__year", "created_at__month", "created_at__day", "q", "o", "p", "all", "e",
]  # fmt: skip


def test_the_desk_list_with_any_filter_and_search(quiet, moderator_client):
    article = make_article()
    Comment.objects.create(
        article=article, author_name="قارئ", author_email="r@example.com", content="نص", depth=1
    )
    url = reverse("admin:comments_comment_changelist")

    @fuzz
    @given(query=query_string(DESK_PARAMETERS))
    def desk(query):
        before = counts()
        response = moderator_client.generic("GET", f"{url}?{query}")
        assert response.status_code in (200, 302, 400, 404)
        assert counts() == before
        if response.status_code == 200:
            assert problems(response.content) == []

    desk()


def test_the_admin_login_with_anything(quiet):
    make_user(username="editor", password="the-right-one")
    url = reverse("admin:login")
    client = Client()

    @fuzz
    @given(body=form_body(["username", "password", "next"]), content_type=charset)
    def login(body, content_type):
        response = client.generic(
            "POST", url, body, content_type=f"application/x-www-form-urlencoded{content_type}"
        )
        assert response.status_code in (200, 302, 400, 403, 429)
        assert "_auth_user_id" not in client.session  # nobody got in

    login()
