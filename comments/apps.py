from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from comments import checks  # noqa: F401  (registers the system checks)
        from comments.cookies import OWN_COOKIE, own_cookie_verifies
        from newsroom import pagecache

        # The reader's own pending comment; a cookie that does not verify is ignored.
        pagecache.register_private_cookie(OWN_COOKIE, verify=own_cookie_verifies)
