from collections import defaultdict

from django import template
from django.conf import settings

from comments.forms import CommentForm
from comments.models import Comment
from comments.rendering import render_comment_text

register = template.Library()


def build_thread(comments):
    """Nest a flat, date-ordered list: each comment gets `.children`; orphans go to the top."""
    by_parent = defaultdict(list)
    ids = {comment.pk for comment in comments}
    for comment in comments:
        parent_id = comment.parent_id if comment.parent_id in ids else None
        by_parent[parent_id].append(comment)
    for comment in comments:
        comment.children = by_parent.get(comment.pk, [])
    return by_parent[None]


@register.inclusion_tag("comments/_thread.html", takes_context=True)
def comment_thread(context, article):
    comments = list(Comment.objects.visible().filter(article=article))
    return {
        "article": article,
        "thread": build_thread(comments),
        "count": len(comments),
        "max_depth": settings.COMMENTS_MAX_DEPTH,
        "request": context.get("request"),
    }


@register.inclusion_tag("comments/_form.html", takes_context=True)
def comment_form(context, article):
    form = context.get("comment_form")
    if form is None:
        request = context["request"]
        form = CommentForm(article=article, initial=_initial(request))
    replying_to = form["comment_parent"].value() if form.is_bound else None
    return {
        "article": article,
        "form": form,
        "replying_to": _parent_for(
            article, replying_to or context["request"].GET.get("replytocom")
        ),
        "request": context["request"],
    }


def _initial(request):
    initial = {"comment_parent": 0}
    replying_to = request.GET.get("replytocom", "")
    if replying_to.isdigit():
        initial["comment_parent"] = int(replying_to)
    if request.user.is_authenticated:
        initial["author"] = request.user.get_full_name() or request.user.get_username()
        initial["email"] = request.user.email
    return initial


def _parent_for(article, value):
    if not str(value or "").isdigit() or int(value) == 0:
        return None
    return Comment.objects.visible().filter(article=article, pk=int(value)).first()


@register.filter
def comment_html(text):
    """The one way a comment's text reaches a page: escaped, linked, sanitised."""
    return render_comment_text(text)
