"""Safe rendering of reader text, the stored fragment of each comment and the thread built
from the fragments (docs/comments.md, "Rendering")."""

import re
from html import unescape

import nh3
from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import dateformat, formats, translation
from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, pgettext

from newsroom.lru import byte_bounded_cache

COMMENT_TAGS = {"p", "br", "a", "em", "strong", "blockquote", "code"}
COMMENT_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"


# A pure function of the text; threads re-render the same comments. Bounded in bytes: a text
# may be 65 KB, and its HTML several times that.
RENDERED_TEXT_CACHE_BYTES = 8 * 1024 * 1024


@byte_bounded_cache(RENDERED_TEXT_CACHE_BYTES)
def render_comment_text(text: str) -> SafeString:
    """Escape everything the reader typed, keep line breaks, link bare URLs, then sanitise.

    Readers cannot write HTML: it shows as typed. nh3 runs last as a second wall, and it is
    what sets rel on every link.
    """
    html = linebreaks(urlize(text or "", trim_url_limit=60, nofollow=True, autoescape=True))
    cleaned = nh3.clean(
        html,
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )
    return mark_safe(cleaned)


def link_targets(html: str) -> list[str]:
    """Every href in rendered comment HTML: what a click would really open."""
    targets = []
    for tag in re.findall(r"<a\s[^>]*>", html):
        match = re.search(r'href="([^"]*)"', tag)
        if match:
            targets.append(unescape(match.group(1)))
    return targets


# --- the stored fragment ---------------------------------------------------------------------
#
# What a comment shows that is the same for every reader: its author (linked to their website),
# the permalink with the date, and the text. The date's words and format follow the language,
# so there is one fragment per language of the site. Everything that depends on the reader or
# on the moment (their pending comment's notice, the reply link, which needs the article open
# and the comment approved) is added when the thread is assembled.

FRAGMENT_TEMPLATE = "comments/_comment_fragment.html"
RENDERED_FIELDS = frozenset({"author_name", "author_url", "content", "created_at"})


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def render_fragments(comment) -> dict[str, str]:
    """The comment's fragment in every language of the site, for Comment.html."""
    return render_many_fragments([comment])[0]


def render_many_fragments(comments) -> list[dict[str, str]]:
    """render_fragments of many comments: per language, one render of the template in a loop
    over the comments (one context, bound once, one frame refilled for each comment), with
    what the template would work out per comment worked out once per batch in Python: the
    dates (`FragmentDates`) and the report address (`report_url`). The template stays the
    one place that knows the markup; given only `comment`, it works all of it out itself
    (`render_fragment_plainly`), with byte for byte the same result."""
    comments = list(comments)
    fragments: list[dict[str, str]] = [{} for _ in comments]
    template = get_template(FRAGMENT_TEMPLATE).template  # the compiled django.template.Template
    report = report_url_maker()
    reports = [report(comment.pk) for comment in comments]  # the same in every language
    for code in language_codes():
        with translation.override(code):
            dates = FragmentDates()
            context = Context(autoescape=template.engine.autoescape)
            with context.bind_template(template):
                frame = context.push()
                for comment, html, url in zip(comments, fragments, reports, strict=True):
                    frame["comment"] = comment
                    frame["created_iso"], frame["created_shown"] = dates(comment.created_at)
                    frame["report_url"] = url
                    html[code] = template.render(context)
    return fragments


def render_fragment_plainly(comment) -> str:
    """One comment's fragment in the active language by the template alone (its `date`
    filters and `{% url %}`): what render_many_fragments must give, byte for byte."""
    return get_template(FRAGMENT_TEMPLATE).render({"comment": comment})


# The format of the date shown in a fragment: the name of a format of the active language
# (newsroom/formats/<language>/formats.py), the one the template's `date` filter names when it
# works the date out itself (tests/comments/test_fragment_batch.py holds the two together).
FRAGMENT_DATE_FORMAT = "SHORT_DATETIME_FORMAT"

# Format characters (django.utils.dateformat) whose output depends only on the local date,
# or only on the local hour and minute: each is worked out once per day or per minute.
_DAY_CHARACTERS = frozenset("bdDEFjlLmMnNoStwWyYz")
_MINUTE_CHARACTERS = frozenset("aAfgGhHiP")


class FragmentDates:
    """For a datetime, what the fragment's `{{ created_at|date:"c" }}` and `{{ created_at|
    date:FRAGMENT_DATE_FORMAT }}` give in the active language, cheaply: the format is split
    once, as Django's formatter splits it, and each piece that depends only on the day or on
    the hour and minute is worked out by Django's own formatter once per day or minute of the
    batch (month names are translated lookups, the costly part); anything else (seconds, time
    zone names, offsets) once per datetime. Make one per batch and language."""

    def __init__(self, format_name: str = FRAGMENT_DATE_FORMAT):
        pieces = dateformat.re_formatchars.split(str(formats.get_format(format_name)))
        # (character, None) for a format character, (None, text) for literal text
        self.tokens = []
        for i, piece in enumerate(pieces):
            if i % 2:
                self.tokens.append((piece, None))
            elif piece:
                self.tokens.append((None, dateformat.re_escaped.sub(r"\1", piece)))
        characters = [char for char, _text in self.tokens if char]
        self.day_characters = [c for c in characters if c in _DAY_CHARACTERS]
        self.minute_characters = [c for c in characters if c in _MINUTE_CHARACTERS]
        self.other_characters = [
            c for c in characters if c not in _DAY_CHARACTERS and c not in _MINUTE_CHARACTERS
        ]
        self.days: dict = {}
        self.minutes: dict = {}

    def __call__(self, value) -> tuple[str, str]:
        if value is None:  # as the filter: nothing (the template then asks the filter itself)
            return "", ""
        local = template_localtime(value)  # what the filter is given (expects_localtime)
        day_key = (local.year, local.month, local.day)
        minute_key = (local.hour, local.minute)
        by_day = self.days.get(day_key)
        by_minute = self.minutes.get(minute_key)
        df = None
        if by_day is None:
            df = dateformat.DateFormat(local)
            by_day = self.days[day_key] = {c: str(getattr(df, c)()) for c in self.day_characters}
        if by_minute is None:
            df = df or dateformat.DateFormat(local)
            by_minute = self.minutes[minute_key] = {
                c: str(getattr(df, c)()) for c in self.minute_characters
            }
        others = {}
        if self.other_characters:
            df = df or dateformat.DateFormat(local)
            others = {c: str(getattr(df, c)()) for c in self.other_characters}
        shown = "".join(
            text
            if char is None
            else by_day.get(char) or by_minute.get(char) or others.get(char, "")
            for char, text in self.tokens
        )
        return local.isoformat(), shown


# A pk that no address holds otherwise: the report address is reversed once with it and each
# comment's address is built by putting the comment's pk in its place.
_PLACEHOLDER_PK = 918273645546372819


def report_url_maker():
    """pk -> reverse("comments:report", args=[pk]), reversed once."""
    placeholder = str(_PLACEHOLDER_PK)
    parts = reverse("comments:report", args=[_PLACEHOLDER_PK]).split(placeholder)
    if len(parts) != 2:  # not one place for the pk: reverse each time
        return lambda pk: reverse("comments:report", args=[pk])
    before, after = parts
    return lambda pk: f"{before}{pk}{after}"


def fragment_language() -> str:
    """The key of Comment.html to show in the active language."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in language_codes() else settings.LANGUAGE_CODE


# --- the thread ------------------------------------------------------------------------------


def assemble_thread(
    roots, *, reply_open: bool, max_depth: int, editable: dict | None = None
) -> SafeString:
    """The nested <li>/<ol class="children"> items of a thread, from stored fragments.

    Each comment needs pk, depth, author_name, status, `fragment` (its stored HTML in the
    active language), `children` and `is_own_pending`. Only the stored fragments, sanitised
    when they were rendered, go out unescaped; the name is escaped here. `editable` maps this
    reader's own comments still inside the edit window to the window's end (epoch seconds):
    they get an "edit" link, which comments.js removes when the window closes.
    """
    editable = editable or {}
    edit_label = pgettext("own comment", "Edit")
    reply_label = gettext("Reply")
    reply_to = gettext("Reply to %(name)s")
    awaiting_text = gettext("Your comment is awaiting moderation.")
    awaiting = f'<p class="comment__awaiting" role="status">{awaiting_text}</p>'
    parts: list[str] = []

    def emit(comment):
        pk = comment.pk
        pending = comment.is_own_pending
        fragment = comment.fragment
        if pending:
            fragment = fragment.replace("</header>", f"</header>\n    {awaiting}", 1)
        parts.append(
            f'<li class="comment depth-{comment.depth}" id="comment-{pk}">\n'
            f'  <article class="comment__body{" comment__body--pending" if pending else ""}"'
            f' aria-labelledby="comment-{pk}-author">\n    {fragment}'
        )
        if reply_open and not pending and comment.depth < max_depth:
            name = escape(comment.author_name)
            parts.append(
                f'    <a class="comment__reply" rel="nofollow" data-comment-id="{pk}"'
                f' data-author="{name}" href="?replytocom={pk}#respond"'
                f' aria-label="{reply_to % {"name": name}}">{reply_label}</a>\n'
            )
        if pk in editable:
            edit_url = reverse("comments:edit", args=[pk])
            parts.append(
                f'    <a class="comment__edit" rel="nofollow" href="{edit_url}"'
                f' data-edit-until="{int(editable[pk] * 1000)}">{edit_label}</a>\n'
            )
        parts.append("  </article>\n")
        if comment.children:
            parts.append('  <ol class="children">\n')
            for child in comment.children:
                emit(child)
            parts.append("  </ol>\n")
        parts.append("</li>\n")

    for root in roots:
        emit(root)
    return mark_safe("".join(parts))


def assemble_picks(comments) -> SafeString:
    """The editor's picks above the thread: the stored fragments of the featured comments
    (pk and `fragment` each), each linking to its place in the thread; "" when none."""
    if not comments:
        return mark_safe("")
    title = gettext("Editor's picks")
    goto = gettext("Go to the comment")
    parts = [
        '<section class="comments__picks" aria-labelledby="picks-title">\n'
        f'  <h3 class="comments__picks-title" id="picks-title">{title}</h3>\n'
        '  <ol class="picks-list">\n'
    ]
    for comment in comments:
        pk = comment.pk
        # The same fragment as in the thread: its ids must not appear twice on the page.
        fragment = comment.fragment.replace(f'id="comment-{pk}-author"', f'id="pick-{pk}-author"')
        parts.append(
            f'  <li class="comment comment--pick" id="pick-{pk}">\n'
            f'    <article class="comment__body" aria-labelledby="pick-{pk}-author">\n'
            f"    {fragment}\n"
            f'    <a class="comment__goto" href="#comment-{pk}">{goto}</a>\n'
            "    </article>\n  </li>\n"
        )
    parts.append("  </ol>\n</section>\n")
    return mark_safe("".join(parts))
