from datetime import timedelta

from django.conf import settings
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from articles.views import article_context
from comments import actions, cookies, subscribing
from comments.forms import CommentForm, EditForm, ReportForm
from comments.models import Comment
from comments.moderation import Submission, edit_comment, submit_comment
from comments.rules import CommentRejected, comments_open
from newsroom.net import client_ip, ip_block
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
    if form.cleaned_data.get("notify_replies"):
        subscribing.subscribe(comment)  # double opt-in: a confirmation e-mail if needed
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


def reporter_key(request) -> str:
    """Who reports, for "one report per reader and comment": a keyed hash of the address block
    (IPv4 address or IPv6 /64) and the user agent. Clearing cookies does not make a new
    reader; nothing personal is stored."""
    seen = f"{ip_block(client_ip(request))}|{request.META.get('HTTP_USER_AGENT', '')[:1000]}"
    return salted_hmac("comments.report", seen).hexdigest()


@same_origin_post
def report_comment(request, pk):
    """GET: the small report form (no JavaScript needed). POST: the report; 302 back to the
    comment, 400 for a bad reason, 404 for a comment readers cannot see. No CSRF token: the
    link is in cached pages; newsroom/origin.py checks the origin."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    comment = get_object_or_404(
        Comment.objects.visible()
        .filter(article__in=Article.objects.published())
        .only("pk", "article_id", "status", "content", "parent_id", "depth", "created_at"),
        pk=pk,
    )
    if request.method != "POST":
        response = render(
            request, "comments/report.html", {"comment": comment, "form": ReportForm()}
        )
        mark_private(response)
        return response
    form = ReportForm(request.POST)
    if not form.is_valid():
        context = {"comment": comment, "form": form}
        return render(request, "comments/report.html", context, status=400)
    data = form.cleaned_data
    actions.report(comment, data["reason"], data["details"], reporter_key(request))
    return redirect(comment.get_absolute_url())


# --- the writer's edit window ----------------------------------------------------------------


def _editable(request, pk) -> Comment | None:
    """The comment, if this browser posted it (the signed own-comments cookie) less than
    COMMENTS_EDIT_MINUTES ago and it is still pending or published; None otherwise."""
    if pk not in cookies.editable_comments(request):
        return None
    since = timezone.now() - timedelta(seconds=cookies.edit_seconds())
    return (
        Comment.objects.select_related("article")
        .filter(
            pk=pk,
            status__in=[Comment.Status.PENDING, Comment.Status.APPROVED],
            created_at__gt=since,
            article__in=Article.objects.published(),
        )
        .first()
    )


def _not_editable(request):
    response = render(request, "comments/not_editable.html", status=403)
    mark_private(response)
    return response


@same_origin_post
def edit_own_comment(request, pk):
    """GET: the form with the comment's text, for the browser that posted it, within the
    window; 403 for anyone else and after it. POST: the new text, judged again
    (moderation.edit_comment); 302 back to the comment, 400 for an empty or too long text."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    comment = _editable(request, pk)
    if comment is None:
        return _not_editable(request)
    status = 200
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
            content = form.cleaned_data["comment"]
            if content != comment.content and edit_comment(comment, content) is None:
                return _not_editable(request)
            return redirect(comment.get_absolute_url())
        status = 400
    else:
        form = EditForm(initial={"comment": comment.content})
    context = {
        "comment": comment,
        "form": form,
        "minutes": settings.COMMENTS_EDIT_MINUTES,
        "back_url": comment.get_absolute_url(),
    }
    response = render(request, "comments/edit.html", context, status=status)
    mark_private(response)
    return response


@same_origin_post
@require_POST
def withdraw_own_comment(request, pk):
    """Its writer deletes the comment within the edit window (to the trash, with history);
    302 to the article's comments, 403 for anyone else and after the window."""
    comment = _editable(request, pk)
    if comment is None or not actions.withdraw(comment):
        return _not_editable(request)
    return redirect(f"{comment.article.get_absolute_url()}#comments")
