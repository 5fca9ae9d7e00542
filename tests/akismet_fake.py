"""A fake Akismet service on 127.0.0.1 speaking the real protocol (docs/comments.md, "Akismet").

- POST /1.1/verify-key: `valid` for VALID_KEY, otherwise `invalid`.
- POST /1.1/comment-check: `true` for comment_author `akismet-guaranteed-spam` or e-mail
  `akismet-guaranteed-spam@example.com`, `false` for user_role `administrator` and everything
  else; with `discard_next` (or author `akismet-guaranteed-discard`, our own convention) it adds
  `X-akismet-pro-tip: discard`. Every answer carries an `X-akismet-guid`.
- POST /1.1/submit-spam and /1.1/submit-ham: `Thanks for making the web a better place.`
- A wrong key gets `invalid` (with `X-akismet-debug-help`) from every endpoint, as the service does.

`mode` switches the whole service: "ok", "slow" (sleeps `delay` seconds), "drip" (sends its
answer one byte every `delay` seconds, so no single read ever waits long), "hang" (reads the
request and never answers, until reset), "error" (HTTP 500), "invalid" (body `invalid`
everywhere), "garbage" (an unexpected body, `garbage_body`). `stop()` closes the port, so the
next requests are refused.
"""

import itertools
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

VALID_KEY = "fake-valid-key"
THANKS = "Thanks for making the web a better place."
SPAM_AUTHOR = "akismet-guaranteed-spam"
SPAM_EMAIL = "akismet-guaranteed-spam@example.com"
DISCARD_AUTHOR = "akismet-guaranteed-discard"
GARBAGE = "<html>maintenance</html>"


class FakeAkismet:
    def __init__(self):
        self.mode = "ok"
        self.delay = 1.0
        self.discard_next = False
        self.garbage_body = GARBAGE
        self.requests = []  # (path, {field: [values]}, headers)
        self._guids = itertools.count(1)
        self._lock = threading.Lock()
        self._released = threading.Event()  # set by reset(): hanging requests end
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self):
        self._released.set()
        self._server.shutdown()
        self._server.server_close()

    def calls(self, endpoint):
        """The form fields of every request made to /1.1/<endpoint>, in order."""
        with self._lock:
            return [fields for path, fields, _ in self.requests if path == f"/1.1/{endpoint}"]

    def reset(self):
        with self._lock:
            self.requests.clear()
        self._released.set()
        self.mode = "ok"
        self.delay = 1.0
        self.discard_next = False
        self.garbage_body = GARBAGE
        self._released = threading.Event()

    def _answer(self, path, fields):
        """(status, body, headers) for one request, by the rules in the module docstring."""
        if self.mode == "slow":
            time.sleep(self.delay)
        if self.mode == "error":
            return 500, "Internal Server Error", {}
        if self.mode == "garbage":
            return 200, self.garbage_body, {}
        key = (fields.get("api_key") or fields.get("key") or [""])[0]
        if self.mode == "invalid" or key != VALID_KEY:
            if path == "/1.1/verify-key":
                return 200, "invalid", {"X-akismet-debug-help": "We were unable to verify the key."}
            return 200, "invalid", {"X-akismet-debug-help": "Empty or invalid API key."}
        if path == "/1.1/verify-key":
            return 200, "valid", {}
        if path in ("/1.1/submit-spam", "/1.1/submit-ham"):
            return 200, THANKS, {}
        if path != "/1.1/comment-check":
            return 404, "Not found", {}
        headers = {"X-akismet-guid": f"guid-{next(self._guids)}"}
        author = fields.get("comment_author", [""])[0]
        email = fields.get("comment_author_email", [""])[0]
        role = fields.get("user_role", [""])[0]
        if role == "administrator":
            return 200, "false", headers
        if author == DISCARD_AUTHOR or self.discard_next:
            self.discard_next = False
            return 200, "true", {**headers, "X-akismet-pro-tip": "discard"}
        if author == SPAM_AUTHOR or email == SPAM_EMAIL:
            return 200, "true", headers
        return 200, "false", headers

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # answer at once, not after a delayed ACK

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                fields = parse_qs(body, keep_blank_values=True)
                with fake._lock:
                    fake.requests.append((self.path, fields, dict(self.headers)))
                if fake.mode == "hang":
                    fake._released.wait(timeout=60)
                    self.close_connection = True
                    return
                status, text, headers = fake._answer(self.path, fields)
                data = text.encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if fake.mode == "drip":
                        self._drip(b"".join(self._headers_buffer) + b"\r\n" + data)
                        self._headers_buffer = []
                        return
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def _drip(self, raw):
                released = fake._released
                for byte in raw:
                    if released.wait(timeout=fake.delay):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()

            do_GET = do_POST

            def log_message(self, *args):
                pass

        return Handler
