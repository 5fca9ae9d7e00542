"""The two cookies of the comment form.

- own comments: a signed list of (id, time) so the author sees their comment that waits for
  moderation for ten minutes, on this browser only;
- the author's details: name, e-mail and website for a year, only when the reader ticked
  "save my name…" (cookies_consent); unticking it forgets them. Pages come from the shared
  page cache without them; a second cookie, readable by script and holding only "1", tells
  comments.js to fetch them (views.remembered_author) and fill the form.
"""

import time

from django.conf import settings
from django.core import signing

OWN_COOKIE = "newsroom_own_comments"
OWN_SALT = "comments.own"
OWN_SECONDS = 10 * 60
AUTHOR_COOKIE = "newsroom_comment_author"
AUTHOR_SALT = "comments.author"
AUTHOR_SECONDS = 365 * 24 * 60 * 60
AUTHOR_HINT_COOKIE = "newsroom_comment_remembered"  # "1", no personal data, script-readable


def _cookie_options():
    return {
        "httponly": True,
        "samesite": "Lax",
        "secure": settings.SESSION_COOKIE_SECURE,
    }


def _own_entries(request, now) -> list[list]:
    """The [id, time] pairs of the own-comments cookie still inside the ten minutes."""
    try:
        entries = signing.loads(
            request.COOKIES.get(OWN_COOKIE, ""), salt=OWN_SALT, max_age=OWN_SECONDS
        )
    except signing.BadSignature:
        return []
    return [[pk, at] for pk, at in entries if now - at < OWN_SECONDS]


def own_cookie_verifies(value: str) -> bool:
    """The own-comments cookie is signed by this site and still inside its ten minutes: only
    then does it make the page personal (newsroom.pagecache.register_private_cookie)."""
    try:
        entries = signing.loads(value, salt=OWN_SALT, max_age=OWN_SECONDS)
    except (signing.BadSignature, ValueError):
        return False
    return bool(entries)


def own_comment_ids(request) -> set[int]:
    """Ids of comments this browser posted in the last ten minutes."""
    return {int(pk) for pk, _at in _own_entries(request, time.time())}


def edit_seconds() -> int:
    """The edit window: COMMENTS_EDIT_MINUTES, within the own-comments cookie's ten minutes."""
    return max(0, min(settings.COMMENTS_EDIT_MINUTES * 60, OWN_SECONDS))


def editable_comments(request) -> dict[int, float]:
    """Comments this browser posted that it may still edit or delete: id → end of the window
    (seconds since the epoch). The signed cookie says which browser posted them."""
    now, window = time.time(), edit_seconds()
    return {int(pk): at + window for pk, at in _own_entries(request, now) if now - at < window}


def remember_own_comment(request, response, comment) -> None:
    now = time.time()
    entries = _own_entries(request, now)[-19:]
    entries.append([comment.pk, now])
    response.set_cookie(
        OWN_COOKIE,
        signing.dumps(entries, salt=OWN_SALT),
        max_age=OWN_SECONDS,
        **_cookie_options(),
    )


def remember_author(response, data) -> None:
    if not data.get("cookies_consent"):
        response.delete_cookie(AUTHOR_COOKIE, samesite="Lax")
        response.delete_cookie(AUTHOR_HINT_COOKIE, samesite="Lax")
        return
    value = signing.dumps(
        {"author": data["author"], "email": data["email"], "url": data.get("url", "")},
        salt=AUTHOR_SALT,
    )
    response.set_cookie(AUTHOR_COOKIE, value, max_age=AUTHOR_SECONDS, **_cookie_options())
    response.set_cookie(
        AUTHOR_HINT_COOKIE, "1", max_age=AUTHOR_SECONDS, **{**_cookie_options(), "httponly": False}
    )


def remembered_author(request) -> dict:
    try:
        data = signing.loads(request.COOKIES.get(AUTHOR_COOKIE, ""), salt=AUTHOR_SALT)
    except signing.BadSignature:
        return {}
    return {key: data.get(key, "") for key in ("author", "email", "url")}
