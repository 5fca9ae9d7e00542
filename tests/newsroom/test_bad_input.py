"""Inputs an attacker sends that once ended in a 500: each now answers 400 or 404."""

import logging

import pytest
from django.test import Client

from tests.factories import make_article, make_comment, make_user
from tests.newsroom.test_errors import assert_site_error_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)  # as a real server: the CSRF check reads the body
    client.raise_request_exception = False
    return client


@pytest.fixture
def superuser_client(reader):
    reader.force_login(make_user(is_superuser=True))
    return reader


def test_nul_in_a_section_slug_is_a_400(reader):
    assert_site_error_page(reader.get("/category/%00/"), 400, "الطلب")


@pytest.mark.parametrize("charset", ["utf-16", "latin-1", "iso-8859-6"])
@pytest.mark.parametrize("path", ["comment", "/search/", "/i18n/setlang/", "/admin/login/"])
def test_a_form_post_in_another_charset_is_the_400_page_with_one_log_line(
    reader, caplog, charset, path
):
    article = make_article()
    reader.get("/admin/login/")  # a CSRF cookie, as a browser would have (the admin checks it)
    assert "csrftoken" in reader.cookies
    url = f"/comments/post/{article.pk}/" if path == "comment" else path
    with caplog.at_level(logging.INFO):
        response = reader.post(
            url,
            b"comment=%D9%86%D8%B5&author=x",
            content_type=f"application/x-www-form-urlencoded; charset={charset}",
        )
    assert_site_error_page(response, 400, "الطلب")
    assert article.comments.count() == 0
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    assert errors[0].exc_info is None  # no traceback
    assert "UTF-8" in errors[0].getMessage()
    assert len(errors[0].getMessage()) < 300


def test_a_body_larger_than_the_limit_is_a_400_not_a_500(reader, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    article = make_article()
    reader.get(article.get_absolute_url())
    response = reader.post(f"/comments/post/{article.pk}/", {"comment": "ن" * 2000})
    assert_site_error_page(response, 400, "الطلب")
    assert article.comments.count() == 0


@pytest.mark.parametrize("object_id", ["abc", "1.5", "-", "%D9%86"])
def test_a_non_numeric_comment_id_on_the_desk_is_a_404(superuser_client, object_id):
    response = superuser_client.get(f"/admin/comments/comment/{object_id}/change/")
    assert response.status_code == 404


@pytest.mark.parametrize("object_id", ["abc", "1x"])
def test_a_non_numeric_id_is_a_404_for_every_admin_object_page(superuser_client, object_id):
    for url in [
        f"/admin/articles/article/{object_id}/change/",
        f"/admin/articles/article/{object_id}/history/",
        f"/admin/articles/article/{object_id}/delete/",
        f"/admin/comments/comment/{object_id}/history/",
    ]:
        assert superuser_client.get(url).status_code in {302, 404}, url


def test_a_real_comment_page_still_opens(superuser_client):
    comment = make_comment(make_article())
    response = superuser_client.get(f"/admin/comments/comment/{comment.pk}/change/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "term=%00&app_label=articles&model_name=article&field_name=tags",
        "term=a%00b&app_label=articles&model_name=article&field_name=see_also",
    ],
)
def test_nul_in_the_admin_autocomplete_is_a_400(superuser_client, query):
    make_article()
    response = superuser_client.get(f"/admin/autocomplete/?{query}")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/?q=%00",
        "/admin/comments/comment/?q=a%00",
        "/admin/comments/comment/?status=%00",
        "/admin/comments/comment/?akismet_result=%00",
        "/admin/articles/article/?%00=1",
    ],
)
def test_nul_in_any_admin_parameter_is_a_400(superuser_client, url):
    make_comment(make_article())
    assert superuser_client.get(url).status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/admin/comments/comment/?created_at__year=99999999999999999999999",
        "/admin/comments/comment/?created_at__year=2026&created_at__month=1e9",
        "/admin/articles/article/?published_at__year=-99999999999999999999",
    ],
)
def test_a_huge_date_in_the_admin_drill_down_is_a_400(superuser_client, url):
    """Found by the property tests (tests/security/test_fuzz.py): Django's date hierarchy
    raised an OverflowError for a year that does not fit a C long."""
    make_comment(make_article())
    assert superuser_client.get(url).status_code == 400


def test_the_date_drill_down_still_works(superuser_client):
    make_comment(make_article())
    url = "/admin/comments/comment/?created_at__year=2026&created_at__month=11&created_at__day=29"
    assert superuser_client.get(url).status_code == 200


def test_the_autocomplete_still_answers(superuser_client):
    make_article(title="ميزانية")
    response = superuser_client.get(
        "/admin/autocomplete/?term=&app_label=articles&model_name=article&field_name=see_also"
    )
    assert response.status_code == 200
