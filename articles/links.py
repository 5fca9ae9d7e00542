"""Reversed URLs, remembered: every card, list item and menu entry asks for an article's or a
section's address, and Django's `reverse()` costs as much as the rest of a card.

The answer of `reverse()` depends only on the URLconf, the script prefix and the arguments,
so those are the key. Tests that swap the URLconf (`override_settings(ROOT_URLCONF=…)`) empty
the memory through `setting_changed`, as Django does for its own resolver caches.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse


def reverse_cached(viewname: str, **kwargs) -> str:
    return _reverse(get_urlconf(), get_script_prefix(), viewname, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=20_000)  # a few MB at most: one short string per article and section
def _reverse(urlconf, prefix, viewname, kwargs):
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _reverse.cache_clear()
