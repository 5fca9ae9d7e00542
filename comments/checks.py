from django.conf import settings
from django.core.checks import Tags, Warning, register

from comments.conf import conf


@register(Tags.security)
def akismet_key(app_configs, **kwargs):
    """Without a key every comment waits for a moderator; fine on a laptop, not in production."""
    if settings.DEBUG or conf.AKISMET_API_KEY:
        return []
    return [
        Warning(
            "AKISMET_API_KEY is empty: comments are not checked for spam and all of them wait "
            "for a moderator.",
            hint="Set AKISMET_API_KEY (and AKISMET_BLOG_URL if it differs from SITE_URL).",
            id="comments.W001",
        )
    ]
