"""Deployment warnings for settings that are fine on a laptop and wrong in production."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=False)
def insecure_secret_key(app_configs, **kwargs):
    if settings.DEBUG or settings.SECRET_KEY != settings.INSECURE_SECRET_KEY:
        return []
    return [
        Warning(
            "SECRET_KEY is not set, so the public development key is in use.",
            hint="Set SECRET_KEY in the environment to a long random value.",
            id="newsroom.W001",
        )
    ]
