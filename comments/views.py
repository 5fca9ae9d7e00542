from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.views import article_context
from comments import cookies
from comments.forms import CommentForm
from comments.moderation import Submission, submit_comment
from comments.rules import CommentRejected, comments_open


def _article_page(request, article, form, *, status, message=""):
    context = article_context(article, comment_form=form, comment_message=message)
    return render(request, "articles/article_detail.html", context, status=status)


@require_POST
def post_comment(request, article_id):
    """The reader's form posts here: 302 to the comment, or the page again with the reason."""
    article = get_object_or_404(
        Article.objects.published().select_related("category"), pk=article_id
    )
    form = CommentForm(request.POST, article=article)
    if not comments_open(article):
        return _article_page(request, article, form, status=403)
    if not form.is_valid():
        return _article_page(request, article, form, status=400)
    try:
        comment = submit_comment(Submission.from_form(form, request))
    except CommentRejected as rejection:
        response = _article_page(
            request, article, form, status=rejection.status, message=rejection.message
        )
        if rejection.retry_after:
            response.headers["Retry-After"] = str(rejection.retry_after)
        return response
    response = redirect(comment.get_absolute_url())
    cookies.remember_own_comment(request, response, comment)
    cookies.remember_author(response, form.cleaned_data)
    return response
