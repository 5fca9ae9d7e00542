"""The archive-scale data set: the bench's small one (bench/seed.py) grown to 200,000 published
articles and 2,000,000 comments with set-based SQL (INSERT … SELECT generate_series), in minutes.

The ORM would take hours at this size, and the bench measures reading, not writing. Every
synthetic row is a copy of a row the small seed made through the project's own code, so what it
stores is what the site stores:

- articles `archive-N` copy the headline (with N appended), lead, body, section, author, tags
  and stored search vector (computed by articles.search.index_articles) of bench article
  N mod 1,000; they are published one every 40 minutes before the small set's 60 days, which
  is fifteen years of a daily's archive;
- comments copy an approved top-level comment of the small set: author, text, folded search
  text and the stored HTML that Comment.store_html rendered, with the template's comment id in
  that HTML replaced by the new one (the shown date stays the template's). Ten per archive
  article; one in a hundred is pending and one in a hundred is spam, so the desk's queues grow
  with the archive too.

Then VACUUM ANALYZE, as autovacuum would have done before readers arrive.
"""

ARTICLES = 200_000
COMMENTS = 2_000_000
PREFIX = "archive-"
MARKER = "bench-archive-v1"  # a tag on no article: the set is complete


def is_grown(cursor) -> bool:
    cursor.execute("SELECT 1 FROM articles_tag WHERE slug = %s", [MARKER])
    return cursor.fetchone() is not None


def grow(connection, log=print) -> bool:
    """Grow the small bench set in this database to archive size; False if already done."""
    with connection.cursor() as cursor:
        if is_grown(cursor):
            return False
        cursor.execute("SELECT count(*) FROM articles_article WHERE status = 'published'")
        small_articles = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM comments_comment")
        small_comments = cursor.fetchone()[0]
        extra_articles = ARTICLES - small_articles
        extra_comments = COMMENTS - small_comments
        log(f"growing to {ARTICLES:,} articles: {extra_articles:,} more")
        cursor.execute(
            f"DELETE FROM comments_comment WHERE article_id IN "
            f"(SELECT id FROM articles_article WHERE slug LIKE '{PREFIX}%%')"
        )
        cursor.execute(
            f"DELETE FROM articles_article_tags WHERE article_id IN "
            f"(SELECT id FROM articles_article WHERE slug LIKE '{PREFIX}%%')"
        )
        cursor.execute(f"DELETE FROM articles_article WHERE slug LIKE '{PREFIX}%%'")
        cursor.execute(
            """
            CREATE TEMP TABLE archive_tpl AS
            SELECT row_number() OVER (ORDER BY id) - 1 AS k, *
            FROM articles_article WHERE status = 'published' AND slug LIKE 'bench-%%'
            """
        )
        cursor.execute("SELECT count(*) FROM archive_tpl")
        templates = cursor.fetchone()[0]
        cursor.execute(
            """
            INSERT INTO articles_article (
                title, slug, lead, body, image, image_alt, image_caption, image_credit,
                status, published_at, created_at, updated_at, comments_open, author_id,
                category_id, search_vector, editor_note, withdrawn_reason, version)
            SELECT left(t.title, 190) || ' ' || g, %s || g, t.lead, t.body, '', '', '', '',
                'published', p.at, p.at, p.at, true, t.author_id,
                t.category_id, t.search_vector, '', '', 1
            FROM generate_series(1, %s) AS g
            JOIN archive_tpl t ON t.k = g %% %s
            CROSS JOIN LATERAL (
                SELECT now() - interval '61 days' - g * interval '40 minutes' AS at
            ) AS p
            """,
            [PREFIX, extra_articles, templates],
        )
        cursor.execute(
            """
            INSERT INTO articles_article_tags (article_id, tag_id)
            SELECT a.id, at.tag_id
            FROM articles_article a
            JOIN archive_tpl t ON t.k = substr(a.slug, %s)::int %% %s
            JOIN articles_article_tags at ON at.article_id = t.id
            WHERE a.slug LIKE %s
            """,
            [len(PREFIX) + 1, templates, PREFIX + "%"],
        )
        log(f"growing to {COMMENTS:,} comments: {extra_comments:,} more")
        cursor.execute(
            """
            CREATE TEMP TABLE archive_ctpl AS
            SELECT row_number() OVER (ORDER BY id) - 1 AS k, *
            FROM comments_comment
            WHERE status = 'approved' AND parent_id IS NULL AND html <> '{}'::jsonb
            """
        )
        cursor.execute("SELECT count(*) FROM archive_ctpl")
        comment_templates = cursor.fetchone()[0]
        cursor.execute(
            f"""
            CREATE TEMP TABLE archive_arts AS
            SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, published_at
            FROM articles_article WHERE slug LIKE '{PREFIX}%%'
            """
        )
        cursor.execute("SELECT max(id) FROM comments_comment")
        base = cursor.fetchone()[0]
        # Explicit ids, so that the stored HTML can name its own comment.
        cursor.execute(
            """
            INSERT INTO comments_comment (
                id, depth, author_name, author_email, author_url, content, ip, user_agent,
                referrer, created_at, status, article_id, parent_id, user_id,
                akismet_attempts, akismet_guid, akismet_report, akismet_result,
                ip_block, search_text, html, open_reports, report_reasons, by_staff)
            SELECT %(base)s + g, 1, c.author_name, c.author_email, '', c.content, c.ip,
                c.user_agent, '', a.published_at + (g %% 3000) * interval '1 minute',
                CASE g %% 100 WHEN 0 THEN 'pending' WHEN 1 THEN 'spam' ELSE 'approved' END,
                a.id, NULL, NULL, 0, '', '', c.akismet_result, c.ip_block, c.search_text,
                regexp_replace(c.html::text, '([-/"])' || c.id || '([^0-9])',
                    '\\1' || (%(base)s + g) || '\\2', 'g')::jsonb,
                0, '{}'::jsonb, false
            FROM generate_series(1, %(extra)s) AS g
            JOIN archive_arts a ON a.k = g %% %(articles)s
            JOIN archive_ctpl c ON c.k = g %% %(templates)s
            """,
            {
                "base": base,
                "extra": extra_comments,
                "articles": extra_articles,
                "templates": comment_templates,
            },
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('comments_comment', 'id'), "
            "(SELECT max(id) FROM comments_comment))"
        )
        cursor.execute("INSERT INTO articles_tag (name, slug) VALUES (%s, %s)", [MARKER, MARKER])
    log("VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return True
