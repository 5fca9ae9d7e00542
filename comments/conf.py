"""The comments app's settings, each with the app's own default.

newsroom/settings.py reads them from the environment; the app still works, with these
defaults, where a setting is missing. Read them as `conf.NAME`, never from django.conf
directly, so a default lives here only.
"""

from django.conf import settings

DEFAULTS = {
    "AKISMET_API_KEY": "",  # empty: no check, every comment waits for a moderator
    "AKISMET_BLOG_URL": "",
    "AKISMET_API_URL": "https://rest.akismet.com",
    "AKISMET_TIMEOUT": 2.0,  # seconds of wall-clock time for a whole exchange
    "AKISMET_IS_TEST": False,
    "AKISMET_REQUEST_BUDGET": 5.0,  # seconds a moderator's "check for spam" may take
    "COMMENTS_SPAM_CLIENT_FACTORY": "comments.spam.build_client",
    "COMMENTS_MAX_DEPTH": 5,
    "COMMENTS_FLOOD_SECONDS": 15,
    "COMMENTS_MAX_LINKS": 2,
    "COMMENTS_CLOSE_OLD": False,
    "COMMENTS_CLOSE_AFTER_DAYS": 14,
    "COMMENTS_DIGEST_MINUTES": 5,  # at most one e-mail per moderator in this time
    "COMMENTS_IP_RETENTION_DAYS": 60,  # then IP, user agent and referrer are erased
    "COMMENTS_PER_PAGE": 0,  # top-level comments per page of a thread; 0 = one page
    "COMMENTS_DEFAULT_PAGE": "newest",  # the page shown first: "newest" (last) or "oldest"
}


class _Conf:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"comments.conf has no setting {name}")
        return getattr(settings, name, DEFAULTS[name])


conf = _Conf()
