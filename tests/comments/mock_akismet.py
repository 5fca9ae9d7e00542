"""An in-process Akismet for unit tests: spam-client factories over httpx.MockTransport.

Point the setting at `tests.comments.mock_akismet.factory` (or `endpoint_factory`, which also
routes through spam.EndpointTransport to AKISMET_API_URL), then choose the answer with
`service.answer(...)` or `service.fail(...)`. Every request the client sent is kept in
`service.requests`; `service.forms(endpoint)` gives their form fields.
"""

from urllib.parse import parse_qs

import httpx
from django.conf import settings

from comments import spam

THANKS = "Thanks for making the web a better place."


class MockAkismet:
    def __init__(self):
        self.reset()

    def reset(self):
        self.requests: list[httpx.Request] = []
        self.builds = 0
        self.handler = self._default

    # --- choosing the answer ---------------------------------------------------------------

    def answer(self, body, *, status=200, headers=None):
        """Every request gets this response."""

        def handler(request):
            return httpx.Response(status, text=body, headers=headers or {})

        self.handler = handler

    def fail(self, exception_class, message="mock failure"):
        """Every request raises this httpx transport exception (a timeout, a refused connection)."""

        def handler(request):
            raise exception_class(message, request=request)

        self.handler = handler

    @staticmethod
    def _default(request):
        """Like the real service with a good key: `valid`, `false` and the thanks body."""
        endpoint = request.url.path.rsplit("/", 1)[-1]
        if endpoint == "verify-key":
            return httpx.Response(200, text="valid")
        if endpoint in ("submit-spam", "submit-ham"):
            return httpx.Response(200, text=THANKS)
        return httpx.Response(200, text="false", headers={"X-akismet-guid": "mock-guid"})

    # --- what was sent ---------------------------------------------------------------------

    def forms(self, endpoint=None):
        """The form fields ({name: [values]}) of each request, optionally to one endpoint."""
        return [
            parse_qs(request.content.decode("utf-8"), keep_blank_values=True)
            for request in self.requests
            if endpoint is None or request.url.path.endswith(f"/1.1/{endpoint}")
        ]

    # --- the transport ---------------------------------------------------------------------

    def transport(self):
        def record(request):
            self.requests.append(request)
            return self.handler(request)

        return httpx.MockTransport(record)


service = MockAkismet()


def on_the_wire(payload):
    """A stored payload as form fields: lists as repeated keys, booleans as true/false."""
    wire = {}
    for name, value in payload.items():
        values = value if isinstance(value, list) else [value]
        wire[name] = [
            ("true" if item else "false") if isinstance(item, bool) else str(item)
            for item in values
        ]
    return wire


def factory():
    """COMMENTS_SPAM_CLIENT_FACTORY: the real client over the mock transport."""
    service.builds += 1
    return spam.build_client(transport=service.transport())


def endpoint_factory():
    """COMMENTS_SPAM_CLIENT_FACTORY: as production does for a custom AKISMET_API_URL."""
    service.builds += 1
    return spam.build_client(
        transport=spam.EndpointTransport(settings.AKISMET_API_URL, inner=service.transport())
    )
