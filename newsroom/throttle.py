"""A per-address burst limit on every unsafe request (POST, PUT, PATCH, DELETE).

Counted in the shared cache (CACHE_URL), so the limit holds across web processes: one counter
per address block (IPv4 address or IPv6 /64, as the comment flood rule counts) and fixed window.
newsroom.cache.count() creates the counter only if it is missing and increments it atomically
(one round trip on Redis; add() and incr() on the local-memory cache), so concurrent requests
never lose a count.
"""

import time

from django.conf import settings
from django.shortcuts import render

from newsroom.cache import count as shared_count
from newsroom.net import client_block

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def count_request(block: str, window: int, now: float | None = None) -> tuple[int, int]:
    """Count one request of `block`; returns (requests in this window, seconds it has left)."""
    now = time.time() if now is None else now
    start = int(now // window) * window
    count = shared_count(f"post-burst:{block}:{start}", timeout=window + 5)
    return count, max(1, int(start + window - now))


class PostBurstLimitMiddleware:
    """429 with Retry-After once an address sends more than POST_BURST_LIMIT unsafe requests
    in POST_BURST_WINDOW seconds (staff: POST_BURST_STAFF_LIMIT). Placed after the
    authentication middleware (to know staff) and answered before the body is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in UNSAFE
            and settings.POST_BURST_LIMIT > 0
            # Violation reports have a budget of their own (newsroom/csp.py): a page that
            # triggers many must not use up the reader's POSTs for comments.
            and request.path_info != settings.SECURITY_POLICY_REPORT_PATH
        ):
            refusal = self.check(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def check(self, request):
        block = client_block(request)
        user = getattr(request, "user", None)
        staff = bool(user and user.is_authenticated and user.is_staff)
        limit = settings.POST_BURST_STAFF_LIMIT if staff else settings.POST_BURST_LIMIT
        count, retry_after = count_request(block, settings.POST_BURST_WINDOW)
        if count <= limit:
            return None
        response = render(request, "429.html", status=429)
        response.headers["Retry-After"] = str(retry_after)
        return response
