# ruff: noqa: E501 (XML lines as WordPress writes them)
"""Write a synthetic WXR 1.2 file of N posts with M comments each (threads three deep), in the
shape WordPress's exporter writes, for measuring the import rate:

    python bench/wordpress/generate.py 2000 10 > /tmp/big.xml
"""

import sys
from datetime import datetime, timedelta

SITE = "http://bench.example.test"
HEAD = f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><link>{SITE}</link><language>ar</language>
	<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{SITE}</wp:base_site_url>
	<wp:base_blog_url>{SITE}</wp:base_blog_url>
	<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[bench]]></wp:author_login><wp:author_email><![CDATA[bench@example.test]]></wp:author_email><wp:author_display_name><![CDATA[محرر الاختبار]]></wp:author_display_name><wp:author_first_name><![CDATA[]]></wp:author_first_name><wp:author_last_name><![CDATA[]]></wp:author_last_name></wp:author>
	<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename><![CDATA[%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[أخبار]]></wp:cat_name></wp:category>
"""
PARAGRAPH = "قالت مصادر مطلعة إن الاجتماع ناقش الموازنة العامة والخطط المقبلة للقطاعات المختلفة."


def comment(cid, parent, when):
    return f"""		<wp:comment>
			<wp:comment_id>{cid}</wp:comment_id>
			<wp:comment_author><![CDATA[قارئ {cid}]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[reader{cid}@example.test]]></wp:comment_author_email>
			<wp:comment_author_url></wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[203.0.113.{cid % 250}]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[{when:%Y-%m-%d %H:%M:%S}]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[{when:%Y-%m-%d %H:%M:%S}]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[تعليق رقم {cid}: أتفق مع ما جاء في الخبر.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[{"1" if cid % 7 else "0"}]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>{parent}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
"""


def main(posts: int, per_post: int) -> None:
    out = sys.stdout
    out.write(HEAD)
    start = datetime(2015, 1, 1)
    cid = 0
    for n in range(1, posts + 1):
        when = start + timedelta(hours=n)
        slug = f"خبر-{n}"
        out.write(f"""	<item>
		<title><![CDATA[خبر رقم {n}]]></title>
		<link>{SITE}/{when:%Y/%m/%d}/{slug}/</link>
		<dc:creator><![CDATA[bench]]></dc:creator>
		<content:encoded><![CDATA[{PARAGRAPH}

{PARAGRAPH}
{PARAGRAPH}

<a href="{SITE}/?p={max(1, n - 1)}">الخبر السابق</a>]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>{n}</wp:post_id>
		<wp:post_date><![CDATA[{when:%Y-%m-%d %H:%M:%S}]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[{when:%Y-%m-%d %H:%M:%S}]]></wp:post_date_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:post_name><![CDATA[{slug}]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<category domain="category" nicename="%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1"><![CDATA[أخبار]]></category>
""")
        first = cid + 1
        for k in range(per_post):
            cid += 1
            parent = 0 if k % 3 == 0 else cid - 1  # threads of three
            out.write(comment(cid, parent if parent >= first else 0, when + timedelta(minutes=k)))
        out.write("\t</item>\n")
    out.write("</channel>\n</rss>\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
