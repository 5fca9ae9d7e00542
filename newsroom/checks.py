"""System checks of the serving set-up (docs/serving.md)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Production runs several web processes: what one of them counts or stores in its own
    memory (POST bursts, sessions, the moderation words) the others never see."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            "The cache is local to each process: web processes do not share the POST burst "
            "limit, cached sessions or cached pages.",
            hint="Set CACHE_URL to a Redis server shared by every web process, e.g. "
            "redis://127.0.0.1:6379/1.",
            id="newsroom.W001",
        )
    ]
