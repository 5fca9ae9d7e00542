"""Images of an import: from --media, or downloaded with --fetch-media from a local server
standing in for the old site (the HTTP boundary); missing and refused files are reported."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from django.core.management import call_command
from PIL import Image

from articles.models import Article

pytestmark = pytest.mark.django_db


def jpeg() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    return buffer.getvalue()


FILES = {
    "/wp-content/uploads/2024/01/photo.jpg": ("image/jpeg", jpeg()),
    "/wp-content/uploads/2024/01/page.jpg": ("text/html", b"<html>not an image</html>"),
}


class OldSite(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        OldSite.requests.append(self.path)
        found = FILES.get(self.path)
        if found is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", found[0])
        self.send_header("Content-Length", str(len(found[1])))
        self.end_headers()
        self.wfile.write(found[1])

    def log_message(self, *args):
        pass


@pytest.fixture
def old_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), OldSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    OldSite.requests = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def export(site: str, *, password: str = "") -> str:
    def attachment(wp_id, name):
        return f"""<item><title>{name}</title><link>{site}/{name}/</link>
<wp:post_id>{wp_id}</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
<wp:post_parent>10</wp:post_parent>
<wp:attachment_url>{site}/wp-content/uploads/2024/01/{name}.jpg</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
<wp:meta_value>وصف {name}</wp:meta_value></wp:postmeta>
</item>"""

    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.1/"><channel><title>t</title><link>{site}</link>
<wp:wxr_version>1.1</wp:wxr_version><wp:base_site_url>{site}</wp:base_site_url>
{attachment(5, "photo")}{attachment(6, "page")}{attachment(7, "gone")}
<item><title>خبر</title><link>{site}/khabar/</link><dc:creator>nobody</dc:creator>
<content:encoded><![CDATA[نص
<img src="{site}/wp-content/uploads/2024/01/photo-300x200.jpg" alt="صورة">]]></content:encoded>
<excerpt:encoded></excerpt:encoded><wp:post_id>10</wp:post_id>
<wp:post_date_gmt>2024-01-02 10:00:00</wp:post_date_gmt>
<wp:post_name>khabar</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:comment_status>open</wp:comment_status><wp:post_password>{password}</wp:post_password>
<category domain="category" nicename="news"><![CDATA[أخبار]]></category>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>5</wp:meta_value></wp:postmeta>
</item></channel></rss>"""


def run(tmp_path, text, *extra):
    path = tmp_path / "export.xml"
    path.write_text(text)
    call_command("import_wordpress", str(path), "--report", str(tmp_path / "r.txt"), *extra)
    return (tmp_path / "r.txt").read_text()


def test_without_media_nothing_is_fetched_and_missing_files_are_listed(tmp_path, old_site):
    report = run(tmp_path, export(old_site))
    assert OldSite.requests == []
    assert "missing: not in --media and not fetched" in report
    article = Article.objects.get()
    assert not article.image
    assert "<img" not in article.body  # an image that is not ours is not kept


def test_fetch_media_downloads_images_only_and_rewrites_bodies(tmp_path, old_site):
    report = run(tmp_path, export(old_site), "--fetch-media")
    article = Article.objects.get()
    assert article.image
    assert article.image_alt == "وصف photo"
    assert 'src="/media/' in article.body  # the resized copy became the stored original
    assert "refused: the server says not an image" in report
    assert "gone" in report
    assert "/wp-content/uploads/2024/01/photo-300x200.jpg" not in OldSite.requests


def test_media_folder_is_read_without_fetching(tmp_path, old_site):
    folder = tmp_path / "uploads" / "2024" / "01"
    folder.mkdir(parents=True)
    (folder / "photo.jpg").write_bytes(jpeg())
    (folder / "page.jpg").write_bytes(b"GIF89a not really")
    report = run(tmp_path, export(old_site), "--media", str(tmp_path / "uploads"))
    assert OldSite.requests == []
    assert Article.objects.get().image
    assert "page.jpg: refused" in report


def test_a_password_protected_post_comes_in_as_a_draft(tmp_path, old_site):
    report = run(tmp_path, export(old_site, password="secret"))
    assert Article.objects.get().state == Article.State.DRAFT
    assert "password-protected: imported as a draft" in report
