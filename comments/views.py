from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from articles.views import article_context
from comments import cookies
from comments.forms import CommentForm
from comments.moderation import Submission, submit_comment
from comments.rules import CommentRejected, comments_open
from newsroom.net import client_ip
from newsroom.origin import same_origin_post
from newsroom.pagecache import mark_private

POST_ARTICLE_FIELDS = (
    "title",
    "slug",
    "status",
    "published_at",
    "updated_at",
    "comments_open",
    "category__name",
    "category__slug",
)


@same_origin_post
@require_POST
def post_comment(request, article_id):
    """The reader's form posts here: 302 to the comment; 400 with the form and its errors;
    a short page for a refusal (403 closed or sent from another site, 409 duplicate, 429 too
    fast). No CSRF token: the form is in cached pages; newsroom/origin.py checks the origin."""
    # Only what the post needs (the rules, Akismet's payload, the redirect): fewer columns to
    # compile and read. The whole article is read only to show the form again with its errors.
    article = get_object_or_404(
        Article.objects.published().select_related("category").only(*POST_ARTICLE_FIELDS),
        pk=article_id,
    )
    if not comments_open(article):
        closed = CommentRejected(gettext("Comments are closed."), status=403)
        return _refused(request, article, closed)
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        form.article = article = Article.objects.select_related("category").get(pk=article.pk)
        context = article_context(article, comment_form=form)
        return render(request, "articles/article_detail.html", context, status=400)
    try:
        comment = submit_comment(submission_from_form(form, request))
    except CommentRejected as rejection:
        return _refused(request, article, rejection)
    response = redirect(comment.get_absolute_url())
    cookies.remember_own_comment(request, response, comment)
    cookies.remember_author(response, form.cleaned_data)
    return response


@require_GET
def remembered_author(request):
    """The name, e-mail and website the reader asked us to remember, for the script that fills
    the form of a cached page (comments.js); {} when there is nothing. Never cached."""
    response = JsonResponse(cookies.remembered_author(request))
    mark_private(response)
    return response


def _refused(request, article, rejection: CommentRejected):
    """A few hundred bytes, not the article: refusals come in bursts."""
    context = {"article": article, "message": rejection.message, "status": rejection.status}
    response = render(request, "comments/refused.html", context, status=rejection.status)
    if rejection.retry_after:
        response.headers["Retry-After"] = str(rejection.retry_after)
    return response


def submission_from_form(form, request) -> Submission:
    data = form.cleaned_data
    user = request.user if request.user.is_authenticated else None
    return Submission(
        article=form.article,
        parent=data["comment_parent"],
        author_name=data["author"],
        author_email=data["email"],
        author_url=data["url"],
        content=data["comment"],
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:1000],
        referrer=request.META.get("HTTP_REFERER", "")[:1000],
        user=user,
        honeypot=data["ak_hp_textarea"],
    )
