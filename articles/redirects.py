"""Old addresses that answer 301 to a new one (an imported site's permalinks, a moved page).

The table is consulted only when no URL of ours matched (a 404 on its way out), so reader
URLs always win, plus one case before the views: the home page asked with WordPress's query
parameters (`/?p=123`, `/?page_id=4`, `/?attachment_id=9`, `/?cat=3`, `/?tag=x`), which must
never be answered with the home page itself. Lookups are cached; any change to the table
starts a new generation of the cache (saves and deletes here, `forget_cached()` after bulk
writes such as an import).
"""

import hashlib
from urllib.parse import unquote, urlsplit

from django.core.cache import cache
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.translation import gettext_lazy as _

CACHE_SECONDS = 3600
GENERATION_KEY = "redirects:generation"
# WordPress's query-string addresses of the home page, in the order they are tried.
HOME_QUERY_PARAMETERS = ("p", "page_id", "attachment_id", "cat", "tag", "author")


def normalize_path(path: str) -> str:
    """The form old paths are stored and looked up in: percent-decoded, with a leading slash
    and without a trailing one (WordPress answers both); a query string is kept only for the
    home page's WordPress parameters."""
    parts = urlsplit(path.strip())
    decoded = unquote(parts.path or "/")
    decoded = "/" + decoded.strip("/")
    if parts.query and decoded == "/":
        return f"/?{unquote(parts.query)}"
    return decoded


class Redirect(models.Model):
    old_path = models.CharField(
        _("old address"),
        max_length=500,
        unique=True,
        help_text=_("A path on this site, e.g. /2015/03/10/old-title/ or /?p=123."),
    )
    target = models.CharField(
        _("new address"), max_length=500, help_text=_("Where readers are sent (a path or a URL).")
    )
    source = models.CharField(
        _("source"), max_length=100, blank=True, help_text=_("Where the redirect came from.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")

    def __str__(self):
        return f"{self.old_path} → {unquote(self.target)}"

    def save(self, *args, **kwargs):
        self.old_path = normalize_path(self.old_path)
        super().save(*args, **kwargs)


def forget_cached(**kwargs) -> None:
    """Start a new generation of cached lookups (after any change to the table)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


post_save.connect(forget_cached, sender=Redirect, dispatch_uid="articles-redirects-saved")
post_delete.connect(forget_cached, sender=Redirect, dispatch_uid="articles-redirects-gone")


def target_for(path: str) -> str | None:
    """The new address of an old path (as normalize_path gives it), or None."""
    if "\x00" in path:  # no stored address holds NUL, and PostgreSQL refuses it in a query
        return None
    generation = cache.get_or_set(GENERATION_KEY, 1, None)
    digest = hashlib.sha256(path.encode()).hexdigest()[:32]
    key = f"redirects:{generation}:{digest}"
    found = cache.get(key)
    if found is None:
        found = Redirect.objects.filter(old_path=path).values_list("target", flat=True).first()
        found = found or ""  # "" is cached too: most 404s are not old addresses
        cache.set(key, found, CACHE_SECONDS)
    return found or None


class RedirectFallbackMiddleware:
    """Answers 301 for a known old address; every other response goes out as it was."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/" and request.method in ("GET", "HEAD"):
            for name in HOME_QUERY_PARAMETERS:
                value = request.GET.get(name)
                if value:
                    target = target_for(f"/?{name}={value}")
                    if target is None:
                        raise Http404("No such old address")  # never the home page itself
                    return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            target = target_for(normalize_path(request.path_info))
            if target is not None:
                return HttpResponsePermanentRedirect(target)
        return response
