from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from comments import checks  # noqa: F401  (registers the system checks)
        from comments.cookies import OWN_COOKIE
        from newsroom import pagecache

        pagecache.register_private_cookie(OWN_COOKIE)  # the reader's own pending comment
