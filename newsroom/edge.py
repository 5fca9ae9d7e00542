"""What the app believes of a request before anything else reads it.

ForwardedHeadersMiddleware (first in MIDDLEWARE): X-Forwarded-Proto and X-Forwarded-For are
headers anyone can send. They are kept only on requests that come straight from one of
TRUSTED_PROXIES (REMOTE_ADDR, newsroom/net.py), and dropped from every other, so a reader
talking plain HTTP cannot pass for HTTPS (request.is_secure(), the same-origin check of the
reader forms) nor for another address. settings.py sets SECURE_PROXY_SSL_HEADER only when
TRUSTED_PROXIES is not empty.

ReaderBodyLimitMiddleware: the endpoints anyone may post to (comment, language switch, CSP
reports: everything outside /admin/) take small forms, never files. A body larger than
READER_BODY_MAX_BYTES is refused with 413 from its Content-Length alone, before a byte of it
is read (Django's own DATA_UPLOAD_MAX_MEMORY_SIZE does not count file parts, which it spools
to disk as it reads them); a multipart form within that size is parsed with an upload
handler that answers 400 at the first file part's headers, before its content. The admin
keeps its uploads, limited by IMAGE_MAX_BYTES.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.files.uploadhandler import FileUploadHandler
from django.shortcuts import render

from newsroom.csp import is_admin_path
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


BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class ReaderBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in BODY_METHODS and not is_admin_path(request.path_info):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                raise BadRequest("unreadable Content-Length") from None
            if length > settings.READER_BODY_MAX_BYTES:
                return render(request, "400.html", status=413)
            request.upload_handlers = [RefuseFiles(request)]
        return self.get_response(request)


class RefuseFiles(FileUploadHandler):
    """An upload handler for forms that take no file: the first file part is a 400."""

    def new_file(self, *args, **kwargs):
        raise BadRequest("file part sent to a reader endpoint")

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
