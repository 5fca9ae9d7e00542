"""WordPress post and comment HTML → ours (newsroom/management/wordpress/body.py, importer)."""

from newsroom.management.wordpress import body
from newsroom.management.wordpress.importer import comment_text, php_serialized_fields


def no_gallery(wp_id):
    return None


def test_autop_makes_paragraphs_and_line_breaks_but_never_wraps_blocks():
    text = (
        "أول سطر\nثاني سطر\n\nفقرة ثانية\n<ul>\n<li>بند</li>\n</ul>\n"
        "<blockquote>اقتباس</blockquote>"
    )
    html = body.autop(text)
    assert "<p>أول سطر<br>\nثاني سطر</p>" in html
    assert "<p>فقرة ثانية</p>" in html
    assert "<p><ul>" not in html
    assert "<p><blockquote>" not in html


def test_autop_leaves_pre_alone():
    assert "<pre>a\n\nb</pre>" in body.autop("x\n\n<pre>a\n\nb</pre>\n\ny")


def test_caption_becomes_figure_with_figcaption():
    html = body.convert(
        '[caption id="attachment_5" width="300"]<img src="/a.jpg" alt="x"> نص التعليق[/caption]',
        no_gallery,
    )
    expected = '<figure><img src="/a.jpg" alt="x"><figcaption>نص التعليق</figcaption></figure>'
    assert expected in html.replace("\n", "")


def test_gallery_becomes_its_known_images():
    images = {"1": '<img src="/1.jpg" alt="">', "2": None}
    html = body.convert('[gallery ids="1,2"]', images.get)
    assert html.count("<img") == 1


def test_embed_shortcode_gutenberg_embed_and_bare_links_become_lone_links():
    classic = body.convert(
        "[embed]https://www.youtube.com/watch?v=abc[/embed]\n\nhttps://x.com/a/status/1\n\nنص",
        no_gallery,
    )
    assert '<p><a href="https://www.youtube.com/watch?v=abc">' in classic
    assert '<p><a href="https://x.com/a/status/1">' in classic
    blocks = body.convert(
        '<!-- wp:embed {"url":"https:\\/\\/youtu.be\\/abc","type":"video"} -->\n'
        '<figure class="wp-block-embed"><div>https://youtu.be/abc</div></figure>\n'
        "<!-- /wp:embed -->\n<!-- wp:paragraph -->\n<p>نص</p>\n<!-- /wp:paragraph -->",
        no_gallery,
    )
    assert '<p><a href="https://youtu.be/abc">' in blocks
    assert "wp:" not in blocks
    assert "<div>" not in blocks


def test_block_content_gets_no_paragraph_rules():
    html = body.convert("<!-- wp:paragraph -->\n<p>سطر\nمتصل</p>\n<!-- /wp:paragraph -->", None)
    assert "<br>" not in html


def test_unknown_shortcodes_are_removed_their_text_kept():
    assert body.convert("[contact-form]نص[/contact-form]", no_gallery) == "<p>نص</p>"


def test_sanitize_counts_what_it_removed():
    cleaned, removed = body.sanitize(
        '<p onclick="x()">نص</p><script>alert(1)</script><iframe src="https://evil"></iframe>'
        '<img src="https://tracker.example/p.gif">'
    )
    assert cleaned == "<p>نص</p>"
    assert removed["<script>"] == 1
    assert removed["event handler"] == 1
    assert removed["<iframe>"] == 1
    assert removed["<img>"] == 1


def test_rewrite_points_images_and_links_elsewhere_and_drops_srcset():
    html = body.rewrite(
        '<img src="http://old/wp-content/uploads/a.jpg" srcset="x 300w"><a href="http://old/?p=3">x</a>',
        image=lambda url: "/media/a.jpg",
        link=lambda url: "/news/9/x/" if url.endswith("p=3") else None,
    )
    assert html == '<img src="/media/a.jpg"><a href="/news/9/x/">x</a>'


def test_comment_html_becomes_plain_text_with_paragraphs_and_link_addresses():
    text = comment_text(
        '<p>أولا <strong>مهم</strong></p>\n<p>انظر <a href="https://example.org/a">هنا</a> '
        'و <a href="https://example.org/b">https://example.org/b</a></p>'
    )
    assert text == "أولا مهم\n\nانظر هنا (https://example.org/a) و https://example.org/b"
    assert comment_text("سطر\nسطر &amp; آخر") == "سطر\nسطر & آخر"


def test_akismet_history_is_read_without_unserialising():
    fields = php_serialized_fields(
        'a:3:{s:4:"time";d:1710068400.5;s:5:"event";s:9:"check-ham";s:4:"user";s:0:"";}'
    )
    assert fields == {"time": "1710068400.5", "event": "check-ham", "user": ""}
