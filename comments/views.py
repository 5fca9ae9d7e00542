from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.views import article_context
from comments.forms import CommentForm
from comments.moderation import Submission, submit_comment


def _article_page(request, article, form, status):
    context = article_context(request, article, comment_form=form)
    return render(request, "articles/article_detail.html", context, status=status)


@require_POST
def post_comment(request, article_id):
    article = get_object_or_404(
        Article.objects.published().select_related("category"), pk=article_id
    )
    form = CommentForm(request.POST, article=article)
    if not article.comments_open:
        return _article_page(request, article, form, status=403)
    if not form.is_valid():
        return _article_page(request, article, form, status=400)
    comment = submit_comment(Submission.from_form(form, request))
    return redirect(comment.get_absolute_url())
