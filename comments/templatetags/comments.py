from functools import lru_cache
from types import SimpleNamespace

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation

from articles.pages import privacy_page_url
from comments import cookies
from comments import thread as comments_thread
from comments.forms import CommentForm
from comments.models import Comment
from comments.rendering import render_comment_text
from comments.rules import comments_open
from newsroom.pagecache import is_shared
from newsroom.site import display_name

register = template.Library()


@register.inclusion_tag("comments/_thread.html", takes_context=True)
def comment_thread(context, article):
    """Approved comments, plus the reader's own ones still waiting (for ten minutes), on the
    page of the thread the request asks for; the view may have loaded it already."""
    thread = context.get("comment_thread")
    if thread is None or thread.article.pk != article.pk:
        thread = comments_thread.for_request(context.get("request"), article)
    return {"article": article, "thread": thread, "request": context.get("request")}


@register.simple_tag(takes_context=True)
def comment_form(context, article):
    """The reply form under an article. The blank form (no reply chosen, nothing remembered
    about the reader, no errors) is the same for every reader of an article in a language:
    it is rendered once per process and reused (`_blank_form`)."""
    request = context["request"]
    form = context.get("comment_form")
    if form is None:
        form = CommentForm(article=article, initial=_initial(request))
    replying_to = form["comment_parent"].value() if form.is_bound else None
    message = context.get("comment_message", "")
    is_open = comments_open(article)
    parent = _parent_for(article, replying_to or request.GET.get("replytocom"))
    privacy_url = privacy_page_url() or ""  # the site's privacy policy, by Akismet's notice
    if not form.is_bound and form.initial == BLANK_INITIAL and not message and parent is None:
        return _blank_form(
            translation.get_language(),
            get_script_prefix(),
            article.get_absolute_url(),
            article.pk,
            is_open,
            privacy_url,
        )
    return _render_form(article, form, is_open, message, parent, request, privacy_url)


BLANK_INITIAL = {"comment_parent": 0}


def _render_form(article, form, is_open, message, replying_to, request, privacy_url=""):
    return render_to_string(
        "comments/_form.html",
        {
            "article": article,
            "form": form,
            "open": is_open,
            "message": message,
            "replying_to": replying_to,
            "request": request,
            "privacy_url": privacy_url,
        },
    )


@lru_cache(maxsize=2048)  # a few kB each: the busiest articles in both languages
def _blank_form(language, script_prefix, url, article_pk, is_open, privacy_url):
    """The blank form's HTML. Its key is all it depends on: the language, the site's URL
    prefix, the article's address (it holds the id and slug), whether comments are open and
    the privacy policy's address;
    the URLs it posts to come from the id. Widgets and labels never change while the process
    runs. The template sees only the article's id and address: it must not use more of it."""
    article = SimpleNamespace(pk=article_pk, get_absolute_url=lambda: url)
    form = CommentForm(article=article, initial=BLANK_INITIAL)
    return _render_form(article, form, is_open, "", None, None, privacy_url)


@receiver(setting_changed)
def _forget_blank_forms(*, setting, **kwargs):
    # Tests that change the URLs or the templates must not see a form rendered before.
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME", "TEMPLATES", "LANGUAGES"):
        _blank_form.cache_clear()


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
        initial["author"] = display_name(request.user)
        initial["email"] = request.user.email
    return initial


def _parent_for(article, value):
    pk = _comment_id(value)
    return Comment.objects.visible().filter(article=article, pk=pk).first() if pk else None


@register.filter
def comment_html(text):
    """The one way a comment's text reaches a page: escaped, linked, sanitised."""
    return render_comment_text(text)


# --- the report dialog and the live bar (comments.js) -----------------------------------------


@register.simple_tag
def report_reasons():
    """The reasons a reader may give, for the report dialog of the article page."""
    from comments.states import REPORT_DETAILS_LENGTH, ReportReason

    return {"choices": ReportReason.choices, "details_length": REPORT_DETAILS_LENGTH}


@register.simple_tag
def live_bar_labels():
    """The live bar's words per plural category (comments.live.bar_labels)."""
    from comments.live import bar_labels

    return bar_labels()
