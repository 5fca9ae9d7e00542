import pytest


@pytest.fixture(autouse=True)
def _plain_http_and_tmp_media(settings, tmp_path):
    """Tests talk plain HTTP to the app, as a production-like server on loopback would."""
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
