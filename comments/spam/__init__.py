"""The one boundary with Akismet: the only package that imports `akismet` or `httpx`.

One client per process, built from settings (AKISMET_*). Each call ends within AKISMET_TIMEOUT
seconds of wall-clock time, however the service answers (spam.transport). Every failure of the
service (timeout, refused connection, HTTP error, `invalid` key, unexpected body) comes back
as an ERROR verdict, never as an exception, so a reader's comment is always stored.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC

import akismet
import httpx
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.module_loading import import_string

from comments.permissions import can_moderate
from comments.spam.transport import DeadlineTransport, EndpointTransport, deadline
from comments.states import Verdict
from newsroom.site import absolute
from newsroom.text import clean_outside_text

__all__ = ["DeadlineTransport", "EndpointTransport", "Verdict", "build_client", "check", "report"]

logger = logging.getLogger(__name__)

# Response headers worth keeping (the library does not expose them).
KEPT_HEADERS = (
    "x-akismet-guid",
    "x-akismet-pro-tip",
    "x-akismet-error",
    "x-akismet-alert-code",
    "x-akismet-alert-msg",
    "x-akismet-debug-help",
    "x-akismet-recheck-after",
)


@dataclass(frozen=True)
class CheckResult:
    verdict: Verdict  # never UNCHECKED: that is a stored comment's state before the check
    detail: str = ""
    headers: dict = field(default_factory=dict)

    @property
    def guid(self) -> str:
        return self.headers.get("x-akismet-guid", "")

    @property
    def held_by_service(self) -> bool:
        """Akismet flagged an account problem (X-akismet-error): WordPress holds the comment."""
        return bool(self.headers.get("x-akismet-error"))


# --- the client ------------------------------------------------------------------------------

_last_headers = threading.local()


def _keep_headers(response: httpx.Response) -> None:
    _last_headers.value = {
        name: response.headers[name] for name in KEPT_HEADERS if name in response.headers
    }
    if "x-akismet-alert-code" in response.headers:
        logger.warning(
            "Akismet alert %s: %s",
            response.headers["x-akismet-alert-code"],
            response.headers.get("x-akismet-alert-msg", ""),
        )


def build_client(transport: httpx.BaseTransport | None = None) -> akismet.SyncClient:
    """The default COMMENTS_SPAM_CLIENT_FACTORY: a client configured from settings."""
    if transport is None:  # requests go to AKISMET_API_URL (Akismet's own by default)
        transport = EndpointTransport(settings.AKISMET_API_URL, inner=DeadlineTransport())
    http_client = httpx.Client(
        headers={"User-Agent": akismet.USER_AGENT},
        timeout=settings.AKISMET_TIMEOUT,
        transport=transport,
        event_hooks={"response": [_keep_headers]},
    )
    config = akismet.Config(key=settings.AKISMET_API_KEY, url=settings.AKISMET_BLOG_URL)
    return akismet.SyncClient(config=config, http_client=http_client)


_client: akismet.SyncClient | None = None
_client_lock = threading.Lock()


def get_client() -> akismet.SyncClient:
    global _client
    with _client_lock:
        if _client is None:
            _client = import_string(settings.COMMENTS_SPAM_CLIENT_FACTORY)()
        return _client


@receiver(setting_changed)
def _reset_client(*, setting, **kwargs):
    global _client
    if setting.startswith(("AKISMET_", "COMMENTS_SPAM_")):
        with _client_lock:
            if _client is not None:
                _client.__exit__(None, None, None)  # the library's way to close its connections
            _client = None


def is_enabled() -> bool:
    return bool(settings.AKISMET_API_KEY)


# --- what is sent ----------------------------------------------------------------------------


def _gmt(moment) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else ""


def build_payload(comment) -> dict:
    """Everything the library lets us send about a comment (docs/comments.md, "Akismet").

    The result is stored as the comment's akismet_payload, so spam and ham reports later send
    exactly what was checked.
    """
    article = comment.article
    payload = {
        "user_ip": comment.ip or "",
        "user_agent": comment.user_agent,
        "referrer": comment.referrer,
        "permalink": absolute(article.get_absolute_url()),
        "comment_type": "reply" if comment.parent_id else "comment",
        "comment_author": comment.author_name,
        "comment_author_email": comment.author_email,
        "comment_content": comment.content,
        "comment_date_gmt": _gmt(comment.created_at),
        "comment_post_modified_gmt": _gmt(article.updated_at),
        "blog_lang": translation.get_language() or settings.LANGUAGE_CODE,
        "blog_charset": "UTF-8",
        # One string: the library can only send a list as repeated plain keys, of which a
        # form parser may keep just the last; WordPress sends comment_context[] instead.
        "comment_context": article_context(article),
    }
    if comment.author_url:
        payload["comment_author_url"] = comment.author_url
    role = _user_role(comment.user)
    if role:
        payload["user_role"] = role
    if settings.AKISMET_IS_TEST:
        payload["is_test"] = True
    return payload


# The article's section and tags, per process, keyed by the article's last save (a change of
# its tags in the admin saves it too) and kept CONTEXT_SECONDS at most: a comment that arrives
# while a story breaks sends the same context as the one before it, without a query.
CONTEXT_SECONDS = 300
CONTEXT_ENTRIES = 256
_contexts: dict[tuple, tuple[float, str]] = {}
_contexts_lock = threading.Lock()


def article_context(article) -> str:
    """comment_context for Akismet: the section's name and the article's tags, in one string."""
    key = (article.pk, article.updated_at, article.category_id)
    now = time.monotonic()
    with _contexts_lock:
        cached = _contexts.get(key)
    if cached is not None and now - cached[0] < CONTEXT_SECONDS:
        return cached[1]
    context = "، ".join([article.category.name, *(tag.name for tag in article.tags.all())])
    with _contexts_lock:
        if len(_contexts) >= CONTEXT_ENTRIES:
            _contexts.clear()
        _contexts[key] = (now, context)
    return context


def _user_role(user) -> str:
    if user is None or not user.is_authenticated:
        return ""
    if user.is_superuser:
        return "administrator"
    if can_moderate(user):
        return "editor"
    return "subscriber"


# --- the calls -------------------------------------------------------------------------------


def _call(method: str, payload: dict, **extra):
    _last_headers.value = {}
    arguments = {**payload, **extra}
    user_ip = arguments.pop("user_ip")
    with deadline(settings.AKISMET_TIMEOUT):  # the whole exchange, not each read
        result = getattr(get_client(), method)(user_ip, **arguments)
    return result, dict(getattr(_last_headers, "value", {}))


def check(payload: dict, *, recheck_reason: str = "") -> CheckResult:
    """Ask Akismet about one comment. Never raises."""
    if not is_enabled():
        return CheckResult(Verdict.SKIPPED, "no Akismet key configured")
    extra = {"recheck_reason": recheck_reason} if recheck_reason else {}
    try:
        response, headers = _call("comment_check", payload, **extra)
    except akismet.AkismetError as exc:
        return _error(exc)
    except Exception as exc:  # a bug in a client factory or the library must not lose a comment
        logger.exception("Unexpected failure of the Akismet check")
        return _error(exc)
    verdict = {
        akismet.CheckResponse.HAM: Verdict.HAM,
        akismet.CheckResponse.SPAM: Verdict.SPAM,
        akismet.CheckResponse.DISCARD: Verdict.DISCARD,
    }[response]
    return CheckResult(verdict, _describe(headers), headers)


def _error(exc: BaseException) -> CheckResult:
    detail = f"{type(exc).__name__}: {exc}"
    cause = exc.__cause__
    if cause is not None:
        detail += f" ({type(cause).__name__}: {cause})"
    detail = clean_outside_text(detail)  # NUL in an answer must not reach a jsonb column
    logger.warning("Akismet check failed: %s", detail)
    return CheckResult(Verdict.ERROR, detail)


def _describe(headers: dict) -> str:
    return "; ".join(f"{name}: {value}" for name, value in headers.items())


@dataclass(frozen=True)
class ReportResult:
    ok: bool
    detail: str = ""


def report(payload: dict, *, as_spam: bool) -> ReportResult:
    """submit-spam / submit-ham with what was checked. Never raises."""
    if not is_enabled():
        return ReportResult(False, "no Akismet key configured")
    try:
        accepted, headers = _call("submit_spam" if as_spam else "submit_ham", payload)
    except Exception as exc:
        logger.warning("Akismet report failed: %s", exc)
        return ReportResult(False, f"{type(exc).__name__}: {exc}"[:300])
    return ReportResult(bool(accepted), _describe(headers))


def verify_key() -> ReportResult:
    """verify-key, as WordPress does before a batch of retries."""
    if not is_enabled():
        return ReportResult(False, "no Akismet key configured")
    try:
        _last_headers.value = {}
        with deadline(settings.AKISMET_TIMEOUT):
            valid = get_client().verify_key()
    except Exception as exc:
        return ReportResult(False, f"{type(exc).__name__}: {exc}"[:300])
    return ReportResult(valid, "" if valid else "the key or the site URL is invalid")
