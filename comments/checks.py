from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security)
def akismet_key(app_configs, **kwargs):
    """Without a key every comment waits for a moderator; fine on a laptop, not in production."""
    if settings.DEBUG or settings.AKISMET_API_KEY:
        return []
    return [
        Warning(
            "AKISMET_API_KEY is empty: comments are not checked for spam and all of them wait "
            "for a moderator.",
            hint="Set AKISMET_API_KEY (and AKISMET_BLOG_URL if it differs from SITE_URL).",
            id="comments.W001",
        )
    ]


@register()
def comment_pages(app_configs, **kwargs):
    """Pages of comments need a sensible size and a known first page."""
    errors = []
    if settings.COMMENTS_DEFAULT_PAGE not in ("newest", "oldest"):
        errors.append(
            Error(
                f"COMMENTS_DEFAULT_PAGE is {settings.COMMENTS_DEFAULT_PAGE!r}.",
                hint='Use "newest" (the last page first) or "oldest".',
                id="comments.E001",
            )
        )
    if not isinstance(settings.COMMENTS_PER_PAGE, int) or settings.COMMENTS_PER_PAGE < 0:
        errors.append(
            Error(
                f"COMMENTS_PER_PAGE is {settings.COMMENTS_PER_PAGE!r}.",
                hint="Use 0 (every comment on one page) or a positive number.",
                id="comments.E002",
            )
        )
    return errors
