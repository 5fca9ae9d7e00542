"""The benchmark's data set, built with bulk_create (about a minute on 2 cores, once).

Everything it makes is recognisable by its slug, username or e-mail (`bench-…`), so it can be
found again (a second run skips it) and removed (`--reseed`). Call `seed()` after
`django.setup()`; bench/bench.py and bench/explain.py do.

- 8 sections, 40 tags, 12 journalists (with author pages);
- 1,000 published articles over the last 60 days, two or three tags each, a few hand-picked
  "see also" links, read counters for the "most read" block;
- 20,000 approved comments on the ordinary articles, plus a desk's worth of pending, spam,
  blatant spam and trashed ones (for the desk's queues and the periodic commands);
- three special articles: ARTICLE_1000 (1,000 approved comments, threaded five levels deep),
  ARTICLE_200 (200, likewise) and ARTICLE_0 (none); POST_TARGET receives the benchmark's posts.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, ArticleViewCount, AuthorProfile, Category, Tag
from articles.search import index_articles, uses_full_text
from comments.models import Comment
from comments.states import Verdict
from newsroom.net import ip_block

ARTICLES = 1_000
COMMENTS = 20_000
THREAD_DEPTH = 5
ARTICLE_1000 = "bench-0"
ARTICLE_200 = "bench-1"
ARTICLE_0 = "bench-2"
POST_TARGET = "bench-3"
SPECIAL = {ARTICLE_1000: 1_000, ARTICLE_200: 200, ARTICLE_0: 0}
SEARCH_WORD = "الحكومة"  # not in WORDS: in the lead of one article out of six
# Changing what seed() makes? Change the version: older data sets are then rebuilt.
VERSION_TAG = "bench-seed-v2"
POSTER_NAME = "bench-poster"  # the author name of every comment the load test posts

# Our own small vocabulary of news words, enough to make bodies, leads and searches varied.
VOCABULARY = (
    "البرلمان الوزير الاقتصاد الأسواق النفط الطاقة المدينة القرية الطلاب الجامعة "
    "المستشفى الأطباء المطر الصيف الشتاء المنتخب المباراة الملعب الجمهور المهرجان الفيلم "
    "الكتاب المعرض الطريق الجسر الميناء المطار الرحلات الأسعار الخبز الماء الكهرباء المدارس "
    "الشباب النساء الأطفال الفلاحون الحصاد الزيتون البحر الصيادون الشركة المصنع العمال الأجور "
    "التجارة الصادرات البنك العملة الضرائب الميزانية المشروع الخطة اللجنة التقرير الدراسة "
    "الباحثون العلماء المختبر الفضاء القمر الشمس الرياح الغابة الصحراء الواحة السياحة الفندق"
)
WORDS = VOCABULARY.split()
CATEGORY_NAMES = ["سياسة", "اقتصاد", "رياضة", "ثقافة", "علوم", "محليات", "دولي", "رأي"]


def _sentence(rng, words=12):
    return " ".join(rng.choice(WORDS) for _ in range(words))


def bench_articles():
    return Article.objects.filter(slug__startswith="bench-")


def is_seeded() -> bool:
    return (
        Tag.objects.filter(slug=VERSION_TAG).exists()
        and bench_articles().filter(status=Article.Status.PUBLISHED).count() == ARTICLES
        and Comment.objects.filter(article__slug=ARTICLE_1000).count() == SPECIAL[ARTICLE_1000]
    )


def remove():
    """Delete everything seed() made (and the comments the load test posted)."""
    with transaction.atomic():
        Comment.objects.filter(article__slug__startswith="bench-").delete()
        bench_articles().delete()
        Category.objects.filter(slug__startswith="bench-").delete()
        Tag.objects.filter(slug__startswith="bench-").delete()
        get_user_model().objects.filter(username__startswith="bench-").delete()


def seed(*, reseed=False, log=print) -> bool:
    """Build the data set unless it is there; True if it was built now."""
    if reseed:
        remove()
    elif is_seeded():
        return False
    elif bench_articles().exists():
        log("A partial bench data set was found: removing it first.")
        remove()
    rng = random.Random(20261129)
    now = timezone.now()
    with transaction.atomic():
        articles = _articles(rng, now)
        _comments(rng, now, articles)
        _views(rng, articles)
    if uses_full_text():
        index_articles(bench_articles())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum would have done by the time readers come: planner statistics and
            # the visibility map (without it no index-only scan is worth it).
            cursor.execute("VACUUM ANALYZE")
    render_stored_html(log)
    return True


def render_stored_html(log=print):
    """bulk_create skips Comment.save(): store the comments' HTML as save() would."""
    from comments.models import Comment

    log("Storing the comments' HTML.")
    Comment.objects.unrendered().store_html()


def _articles(rng, now):
    User = get_user_model()
    authors = User.objects.bulk_create(
        User(
            username=f"bench-journalist-{n}",
            first_name=rng.choice(["سارة", "محمد", "ليلى", "يوسف", "مريم", "خالد"]),
            last_name=rng.choice(["العلي", "حسن", "منصور", "الخطيب", "سليمان"]),
            is_staff=True,
            password="!",  # unusable: nobody signs in as these
        )
        for n in range(12)
    )
    for author in authors:  # their author pages' slugs (bulk_create skips Article.save())
        AuthorProfile.ensure(author.pk)
    categories = Category.objects.bulk_create(
        Category(name=f"{name} (قياس)", slug=f"bench-{n}", position=100 + n)
        for n, name in enumerate(CATEGORY_NAMES)
    )
    tags = Tag.objects.bulk_create(
        Tag(name=f"{WORDS[n]} {n}", slug=f"bench-tag-{n}") for n in range(40)
    )
    Tag.objects.create(name=VERSION_TAG, slug=VERSION_TAG)  # on no article
    articles = []
    for n in range(ARTICLES):
        body = "".join(f"<p>{_sentence(rng, 40)}</p>" for _ in range(6))
        # The special articles are the newest (so they are on the home page, like a story
        # that just broke); the rest spread over 60 days.
        published = now - timedelta(minutes=n * 86 + rng.randint(0, 60) + 5)
        articles.append(
            Article(
                title=f"{_sentence(rng, 7)} {n}",
                slug=f"bench-{n}",
                category=categories[n % len(categories)],
                author=authors[n % len(authors)],
                lead=_sentence(rng, 25) + (f" {SEARCH_WORD}" if n % 6 == 0 else ""),
                body=body,
                status=Article.Status.PUBLISHED,
                published_at=published,
            )
        )
    # A few drafts and articles in review, for the editorial queues.
    for n in range(ARTICLES, ARTICLES + 40):
        articles.append(
            Article(
                title=_sentence(rng, 7),
                slug=f"bench-{n}",
                category=categories[n % len(categories)],
                author=authors[n % len(authors)],
                lead=_sentence(rng, 25),
                body=f"<p>{_sentence(rng, 40)}</p>",
                status=Article.Status.REVIEW if n % 2 else Article.Status.DRAFT,
                submitted_at=now - timedelta(hours=n % 24) if n % 2 else None,
            )
        )
    articles = Article.objects.bulk_create(articles)
    Through = Article.tags.through
    Through.objects.bulk_create(
        Through(article_id=article.pk, tag_id=tag.pk)
        for article in articles
        for tag in rng.sample(tags, rng.randint(2, 3))
    )
    SeeAlso = Article.see_also.through
    field_from, field_to = (f.attname for f in SeeAlso._meta.fields[1:3])
    SeeAlso.objects.bulk_create(
        SeeAlso(**{field_from: articles[n].pk, field_to: articles[n + 10].pk})
        for n in range(7, 200, 7)  # none from the special articles: same shape but comments
    )
    # Published articles only below (the drafts stay out of comments and counters).
    return articles[:ARTICLES]


def _comment(rng, article, when, *, status=Comment.Status.APPROVED, parent=None, n=0):
    name = f"قارئ {rng.randint(1, 5000)}"
    email = f"bench-reader{rng.randint(1, 5000)}@example.com"
    ip = f"198.51.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    comment = Comment(
        article=article,
        parent=parent,
        depth=parent.depth + 1 if parent else 1,
        author_name=name,
        author_email=email,
        content=f"{_sentence(rng, rng.randint(8, 40))} ({n})",
        ip=ip,
        user_agent="Mozilla/5.0 (bench)",
        created_at=when,
        status=status,
        akismet_result=Verdict.HAM
        if status == Comment.Status.APPROVED
        else rng.choice([Verdict.HAM, Verdict.ERROR, Verdict.UNCHECKED]),
    )
    # What Comment.save() derives, done here because bulk_create does not call save().
    comment.ip_block = ip_block(ip)
    comment.search_text = comment.folded_search_text()
    return comment


def _thread(rng, article, size, start):
    """`size` approved comments, five levels deep, parents always older than their replies."""
    levels = [size // 3, size // 4, size // 5, size // 8]
    levels.insert(0, size - sum(levels))  # top level gets the rest
    parents, made = [], 0
    for depth, count in enumerate(levels, start=1):
        batch = []
        for _ in range(count):
            parent = rng.choice(parents) if parents else None
            base = parent.created_at if parent else start
            when = base + timedelta(seconds=rng.randint(30, 3600))
            batch.append(_comment(rng, article, when, parent=parent, n=made))
            made += 1
            if depth > 1:
                assert batch[-1].depth == depth
        parents = Comment.objects.bulk_create(batch)
    assert made == size
    assert parents[-1].depth <= THREAD_DEPTH


def _comments(rng, now, articles):
    by_slug = {article.slug: article for article in articles}
    for slug, size in SPECIAL.items():
        if size:
            _thread(rng, by_slug[slug], size, now - timedelta(hours=6))
    ordinary = [a for a in articles if a.slug not in SPECIAL and a.slug != POST_TARGET]
    batch = []
    for n in range(COMMENTS):
        article = rng.choice(ordinary)
        when = article.published_at + timedelta(minutes=rng.randint(1, 3000))
        parent = None
        batch.append(_comment(rng, article, min(when, now), parent=parent, n=n))
        if len(batch) == 2_000:
            Comment.objects.bulk_create(batch)
            batch = []
    # The desk: what moderators have in their queues on a busy day.
    queues = [
        (Comment.Status.PENDING, 400),
        (Comment.Status.SPAM, 1_500),
        (Comment.Status.TRASH, 200),
    ]
    for status, count in queues:
        for n in range(count):
            article = rng.choice(ordinary)
            when = now - timedelta(minutes=rng.randint(1, 60 * 24 * 90))
            comment = _comment(rng, article, when, status=status, n=n)
            if status == Comment.Status.SPAM:
                comment.akismet_result = rng.choice([Verdict.SPAM, Verdict.DISCARD])
            batch.append(comment)
    Comment.objects.bulk_create(batch)


def _views(rng, articles):
    today = timezone.localdate()
    ArticleViewCount.objects.bulk_create(
        ArticleViewCount(
            article=article, day=today - timedelta(days=day), views=rng.randint(1, 5000)
        )
        for article in articles[:600]
        for day in range(60)
        if rng.random() < 0.5
    )
