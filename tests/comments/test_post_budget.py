"""What one comment POST costs: queries (flat in the number of comments), one Akismet call on
one reused client, the moderation words read once from the shared cache, no task row per post
while a digest waits. Never a timing assertion; bench/post_speed.py measures the speed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from comments import spam
from comments.models import Comment, ModerationWord
from tests.factories import make_article, make_comment, post_comment

pytestmark = pytest.mark.django_db

# With Akismet: the article; the commenter's standing and the blocks (one indexed query each);
# the submitter's locks, duplicate and flood checks, the comment and
# its history (first transaction); the returning-author check; the verdict, written by one
# conditional UPDATE with its HTML, and its history (second transaction); the digest task. The
# tags for Akismet's context come from a per-process cache. Savepoints of the test's own
# transaction are counted too. (18 before the POST path was first trimmed, 15 before the
# verdict's conditional UPDATE and the cached context; 10 before the standing and blocks.)
POST_BUDGET = 12


@pytest.fixture
def fake(akismet, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    return akismet


def post(client, article, n):
    return post_comment(
        client,
        article,
        author=f"قارئ {n}",
        email=f"reader{n}@example.com",
        comment=f"تعليق رقم {n}",
        ip=f"198.51.100.{n}",
    )


@pytest.mark.parametrize("existing", [0, 200])
def test_a_post_stays_within_its_query_budget_however_many_comments_exist(
    client, fake, existing, django_assert_max_num_queries
):
    article = make_article()
    for n in range(existing):
        make_comment(article, author_email=f"old{n}@example.com", content=f"قديم {n}")
    post(client, article, 1)  # warms the shared cache (moderation words), as a running site has

    with django_assert_max_num_queries(POST_BUDGET):
        response = post(client, article, 2)
    assert response.status_code == 302
    assert Comment.objects.get(author_email="reader2@example.com").akismet_result == "ham"


def test_the_akismet_client_is_built_once_and_reused(client, fake, monkeypatch, settings):
    built = []
    original = spam.build_client

    def counting_factory():
        built.append(1)
        return original()

    monkeypatch.setattr(spam, "build_client", counting_factory)
    settings.COMMENTS_SPAM_CLIENT_FACTORY = "comments.spam.build_client"
    spam._reset_client(setting="AKISMET_API_KEY")
    article = make_article()
    for n in range(3):
        assert post(client, article, n).status_code == 302

    assert len(built) == 1
    assert len(fake.calls("comment-check")) == 3
    assert fake.calls("verify-key") == []  # the key is not verified per comment


def test_moderation_words_are_read_once_then_come_from_the_cache(client):
    article = make_article()
    post(client, article, 1)
    with CaptureQueriesContext(connection) as queries:
        post(client, article, 2)
    assert not [q for q in queries if "comments_moderationword" in q["sql"]]


def test_a_new_moderation_word_applies_to_the_very_next_comment(client):
    article = make_article()
    post(client, article, 1)  # the (empty) list of words is now cached
    ModerationWord.objects.create(phrase="كازينو", action=ModerationWord.Action.BLOCK)

    post_comment(client, article, comment="أفضل كازينو", email="x@example.com", ip="192.0.2.9")
    assert Comment.objects.get(author_email="x@example.com").status == Comment.Status.SPAM


def test_a_deleted_moderation_word_stops_applying(client):
    word = ModerationWord.objects.create(phrase="كازينو", action=ModerationWord.Action.BLOCK)
    article = make_article()
    post(client, article, 1)
    word.delete()

    post_comment(client, article, comment="أفضل كازينو", email="x@example.com", ip="192.0.2.9")
    assert Comment.objects.get(author_email="x@example.com").status == Comment.Status.PENDING


def test_a_burst_of_posts_queues_one_digest(
    client, fake, task_queue, django_capture_on_commit_callbacks
):
    article = make_article()
    for n in range(5):
        with django_capture_on_commit_callbacks(execute=True):  # each request commits
            assert post(client, article, n).status_code == 302
    assert DBTaskResult.objects.filter(task_path__endswith="send_moderator_digest").count() == 1
