"""HTTP plumbing under the Akismet client: where requests go, and how long they may take.

- EndpointTransport sends requests meant for rest.akismet.com to AKISMET_API_URL.
- DeadlineTransport bounds a whole exchange (connect, send, response headers and body) by one
  wall-clock deadline. httpx's own timeouts are per operation: a server that drips its answer
  one byte a second never trips a 2-second read timeout, and would hold a reader's request
  until the web server kills it. Every socket operation here gets at most the time left.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator

import httpcore
import httpx

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "akismet_deadline", default=None
)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Everything sent through a DeadlineTransport inside this block ends within `seconds`."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


DEADLINE_PASSED = "the Akismet deadline has passed"


def _time_left(timeout: float | None, exc: type[Exception]) -> float | None:
    end = _deadline.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise exc(DEADLINE_PASSED)
    return left if timeout is None else min(timeout, left)


def _bounded(operation, timeout: float | None, exc: type[Exception]):
    """Run operation(bounded timeout); a timeout caused by the deadline says so."""
    bounded = _time_left(timeout, exc)
    try:
        return operation(bounded)
    except exc:
        if bounded != timeout:
            raise exc(DEADLINE_PASSED) from None
        raise


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream):
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        read = lambda bounded: self._stream.read(max_bytes, bounded)  # noqa: E731
        return _bounded(read, timeout, httpcore.ReadTimeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        write = lambda bounded: self._stream.write(buffer, bounded)  # noqa: E731
        _bounded(write, timeout, httpcore.WriteTimeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        timeout = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend):
        self._backend = backend

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        def connect(bounded):
            return self._backend.connect_tcp(host, port, bounded, local_address, socket_options)

        return _DeadlineStream(_bounded(connect, timeout, httpcore.ConnectTimeout))

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        timeout = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport, with every socket operation bounded by the current deadline().

    httpx does not let a caller choose httpcore's network backend, so the pool's backend is
    wrapped after construction (tests/comments/test_deadline.py fails if httpcore changes it).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        pool = self._pool
        pool._network_backend = _DeadlineBackend(pool._network_backend)


class EndpointTransport(httpx.BaseTransport):
    """Send requests meant for rest.akismet.com to AKISMET_API_URL, keeping their paths.

    The library always builds absolute https://rest.akismet.com/… URLs, so the transport is
    the only seam for an Akismet-compatible endpoint (a proxy, a fake on 127.0.0.1).
    """

    def __init__(self, base_url: str, inner: httpx.BaseTransport | None = None):
        self.base = httpx.URL(base_url.rstrip("/"))
        self.inner = inner or DeadlineTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(
            scheme=self.base.scheme,
            host=self.base.host,
            port=self.base.port,
            path=self.base.path.rstrip("/") + request.url.path,
        )
        request.headers["Host"] = request.url.netloc.decode("ascii")
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()
