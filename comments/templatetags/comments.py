from django import template

from comments import cookies
from comments import thread as comments_thread
from comments.forms import CommentForm
from comments.models import Comment
from comments.rendering import render_comment_text
from comments.rules import comments_open
from newsroom.pagecache import is_shared

register = template.Library()


@register.inclusion_tag("comments/_thread.html", takes_context=True)
def comment_thread(context, article):
    """Approved comments, plus the reader's own ones still waiting (for ten minutes), on the
    page of the thread the request asks for; the view may have loaded it already."""
    thread = context.get("comment_thread")
    if thread is None or thread.article.pk != article.pk:
        thread = comments_thread.for_request(context.get("request"), article)
    return {"article": article, "thread": thread, "request": context.get("request")}


@register.inclusion_tag("comments/_form.html", takes_context=True)
def comment_form(context, article):
    request = context["request"]
    form = context.get("comment_form")
    if form is None:
        form = CommentForm(article=article, initial=_initial(request))
    replying_to = form["comment_parent"].value() if form.is_bound else None
    return {
        "article": article,
        "form": form,
        "open": comments_open(article),
        "message": context.get("comment_message", ""),
        "replying_to": _parent_for(article, replying_to or request.GET.get("replytocom")),
        "request": request,
    }


def _comment_id(value) -> int:
    """A positive comment id from a query string or form value, else 0 (never an exception)."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() else 0


def _initial(request):
    initial = {"comment_parent": _comment_id(request.GET.get("replytocom"))}
    if is_shared(request):
        return initial  # a page for every reader: comments.js fills in the remembered author
    remembered = cookies.remembered_author(request)
    if remembered:
        initial.update(remembered, cookies_consent=True)
    elif request.user.is_authenticated:
        initial["author"] = request.user.get_full_name() or request.user.get_username()
        initial["email"] = request.user.email
    return initial


def _parent_for(article, value):
    pk = _comment_id(value)
    return Comment.objects.visible().filter(article=article, pk=pk).first() if pk else None


@register.filter
def comment_html(text):
    """The one way a comment's text reaches a page: escaped, linked, sanitised."""
    return render_comment_text(text)
