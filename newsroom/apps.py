from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from newsroom import (
            checks,  # noqa: F401  (registers the system checks)
            pagecache,
        )

        pagecache.connect()
