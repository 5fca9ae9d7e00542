"""The read replica (newsroom/db_router.py): who reads where, and the pin after a POST.

The "replica" alias mirrors the test database through its own connection (tests/settings.py),
so what a request reads from each side is counted per connection. Rows must be committed
for the replica's connection to see them: these tests use transactional databases.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from comments.models import Comment
from newsroom.db_router import (
    PIN_COOKIE,
    PrimaryReplicaRouter,
    ReplicaReadsMiddleware,
    replica_reads,
)
from tests.factories import make_article, make_comment, make_user, post_comment

router = PrimaryReplicaRouter()


@pytest.fixture
def replica(settings):
    settings.DATABASE_REPLICA = "replica"
    return "replica"


def routed_read(request):
    """Where a read made while the middleware handles `request` goes, and the response."""
    seen = {}

    def view(request):
        seen["read"] = router.db_for_read(Article)
        seen["write"] = router.db_for_write(Article)
        return HttpResponse("ok")

    response = ReplicaReadsMiddleware(view)(request)
    return seen, response


def anonymous(request):
    request.user = AnonymousUser()
    return request


@pytest.mark.usefixtures("replica")
class TestDecisions:
    def test_an_anonymous_readers_get_reads_from_the_replica(self):
        seen, _ = routed_read(anonymous(RequestFactory().get("/")))
        assert seen == {"read": "replica", "write": "default"}

    def test_head_reads_from_the_replica_too(self):
        seen, _ = routed_read(anonymous(RequestFactory().head("/")))
        assert seen["read"] == "replica"

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_unsafe_requests_read_and_write_on_the_primary(self, method):
        seen, _ = routed_read(anonymous(getattr(RequestFactory(), method)("/")))
        assert seen == {"read": "default", "write": "default"}

    @pytest.mark.django_db
    def test_signed_in_staff_read_from_the_primary(self):
        request = RequestFactory().get("/admin/")
        request.user = make_user()
        seen, _ = routed_read(request)
        assert seen["read"] == "default"

    def test_a_pinned_reader_reads_from_the_primary(self):
        request = anonymous(RequestFactory().get("/", HTTP_COOKIE=f"{PIN_COOKIE}=1"))
        seen, _ = routed_read(request)
        assert seen["read"] == "default"

    def test_an_unsafe_request_pins_the_browser_for_a_few_seconds(self, settings):
        settings.DATABASE_REPLICA_PIN_SECONDS = 7
        _, response = routed_read(anonymous(RequestFactory().post("/")))
        cookie = response.cookies[PIN_COOKIE]
        assert cookie["max-age"] == 7
        assert cookie["httponly"]
        assert cookie["samesite"] == "Lax"

    def test_a_get_sets_no_pin(self):
        _, response = routed_read(anonymous(RequestFactory().get("/")))
        assert PIN_COOKIE not in response.cookies

    @pytest.mark.django_db(transaction=True)
    def test_reads_inside_a_transaction_on_the_primary_stay_there(self):
        from django.db import transaction

        with replica_reads(True):
            assert router.db_for_read(Article) == "replica"
            with transaction.atomic():
                assert router.db_for_read(Article) == "default"

    def test_outside_a_request_everything_uses_the_primary(self):
        assert router.db_for_read(Article) == "default"

    def test_the_flag_ends_with_the_request(self):
        routed_read(anonymous(RequestFactory().get("/")))
        assert router.db_for_read(Article) == "default"

    def test_migrations_run_on_the_primary_only(self):
        assert router.allow_migrate("default", "articles")
        assert not router.allow_migrate("replica", "articles")


def test_without_a_replica_every_read_uses_the_primary():
    with replica_reads(True):
        assert router.db_for_read(Article) == "default"
    seen, response = routed_read(anonymous(RequestFactory().post("/")))
    assert seen["read"] == "default"
    assert PIN_COOKIE not in response.cookies


def queries_on_each_side(client, url, **extra):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url, **extra)
    return response, len(primary), len(replica)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
@pytest.mark.usefixtures("replica")
class TestPages:
    def test_the_article_page_works_from_the_replica(self, client):
        article = make_article()
        make_comment(article, content="تعليق منشور يقرؤه الجميع")
        response, primary, replica = queries_on_each_side(client, article.get_absolute_url())
        assert response.status_code == 200
        assert "تعليق منشور يقرؤه الجميع" in response.content.decode()
        assert replica > 0
        assert primary == 0

    def test_the_commenters_next_page_reads_from_the_primary(self, client):
        article = make_article()
        response = post_comment(client, article)
        assert response.status_code == 302
        assert PIN_COOKIE in response.cookies
        comment = Comment.objects.get()

        page, primary, replica = queries_on_each_side(client, response.headers["Location"])
        assert page.status_code == 200
        assert replica == 0
        assert primary > 0
        assert comment.content in page.content.decode()  # their own, still pending

    def test_other_readers_keep_reading_from_the_replica(self, client):
        article = make_article()
        post_comment(client, article)
        other = client.__class__()
        _, primary, replica = queries_on_each_side(other, article.get_absolute_url())
        assert replica > 0
        assert primary == 0

    def test_staff_pages_read_from_the_primary(self, client):
        staff = make_user(is_superuser=True)
        client.force_login(staff)
        response, _primary, replica = queries_on_each_side(client, "/admin/")
        assert response.status_code == 200
        assert replica == 0
