"""Reader endpoints take small forms, never files: refused before the body is read."""

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comments.models import Comment
from tests.factories import COMMENT_FORM, make_article

pytestmark = pytest.mark.django_db


def test_a_comment_with_a_file_part_is_refused_and_not_stored(client):
    article = make_article()
    upload = SimpleUploadedFile("big.bin", b"x" * 100_000, content_type="application/octet-stream")
    response = client.post(
        reverse("comments:post", kwargs={"article_id": article.pk}),
        {**COMMENT_FORM, "attachment": upload},  # the test client sends multipart/form-data
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_body_over_the_limit_is_refused_unread(client, settings):
    settings.READER_BODY_MAX_BYTES = 1000
    article = make_article()
    response = client.post(
        reverse("comments:post", kwargs={"article_id": article.pk}),
        "comment=" + "a" * 2000,
        content_type="application/x-www-form-urlencoded",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 413
    assert not Comment.objects.exists()


def test_the_language_switch_refuses_files_too(client):
    upload = SimpleUploadedFile("a.txt", b"x")
    response = client.post(
        "/i18n/setlang/", {"language": "en", "f": upload}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 400


def test_a_longest_comment_fits(client):
    article = make_article()
    body = urlencode({**COMMENT_FORM, "comment": "ب" * 32_000})  # 64,000 bytes of UTF-8
    response = client.post(
        reverse("comments:post", kwargs={"article_id": article.pk}),
        body,
        content_type="application/x-www-form-urlencoded",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 302
    assert Comment.objects.count() == 1
