"""What the app believes of a request before anything else reads it.

ForwardedHeadersMiddleware (first in MIDDLEWARE): X-Forwarded-Proto and X-Forwarded-For are
headers anyone can send. They are kept only on requests that come straight from one of
TRUSTED_PROXIES (REMOTE_ADDR, newsroom/net.py), and dropped from every other, so a reader
talking plain HTTP cannot pass for HTTPS (request.is_secure(), the same-origin check of the
reader forms) nor for another address. settings.py sets SECURE_PROXY_SSL_HEADER only when
TRUSTED_PROXIES is not empty.
"""

from newsroom.net import from_trusted_proxy

FORWARDED = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST")


class ForwardedHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not from_trusted_proxy(request):
            for name in FORWARDED:
                request.META.pop(name, None)
        return self.get_response(request)
