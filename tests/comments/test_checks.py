from comments.checks import akismet_key


def test_empty_akismet_key_is_flagged_outside_debug(settings):
    settings.DEBUG = False
    settings.AKISMET_API_KEY = ""
    assert [warning.id for warning in akismet_key(None)] == ["comments.W001"]


def test_no_warning_with_a_key_or_in_debug(settings):
    settings.DEBUG = False
    settings.AKISMET_API_KEY = "a-key"
    assert akismet_key(None) == []
    settings.DEBUG = True
    settings.AKISMET_API_KEY = ""
    assert akismet_key(None) == []
