"""Reader search on whichever database runs the suite: PostgreSQL full-text search, or the SQLite
fallback (run `pytest tests/articles/test_search.py` without DATABASE_URL for the latter)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from articles.search import highlight, query_terms
from tests.factories import make_article, make_category, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored search vector is PostgreSQL's"
)

CORPUS = {
    "budget": (
        "الحكومة الكويتية تعلن ميزانية جديدة",
        "أعلنت وزارة المالية تفاصيل الميزانية العامة.",
        "<p>قالت الوزارة إن الإنفاق على المشاريع سيرتفع.</p>",
    ),
    "hospital": (
        "افتتاح مستشفى جديد في الجهراء",
        "يضم المبنى ثلاثمئة سرير.",
        "<p>حضر الافتتاح عدد من المسؤولين.</p>",
    ),
    "school": (
        "المدرسة الأولى للبنات تحتفل بتخرج طالباتها",
        "",
        "<p>أقيم الحفل في القاعة الكبرى.</p>",
    ),
    "conference": (
        "مؤتمر دولي للطاقة الشمسية",
        "يناقش الخبراء مستقبل الألواح.",
        "<p>يستمر ثلاثة أيام.</p>",
    ),
    "satellite": (
        "إطلاق قمر صناعي عربي",
        "نجحت عملية الإطلاق من القاعدة.",
        "<p>سيرصد القمر المناخ.</p>",
    ),
    "beach": ("شاطئ الخيران يستقبل الزوار", "", "<p>ازدحام في عطلة نهاية الأسبوع.</p>"),
    "rain": ("آمال كبيرة على موسم الأمطار", "", "<p>توقعات الأرصاد متفائلة.</p>"),
    "plan": ("خطة التنمية حتى عام ٢٠٣٠", "", "<p>تبدأ المرحلة الثانية في ربيع ٢٠٢٧.</p>"),
    "books": (
        "مكتبة البابطين تستضيف معرض الكتاب",
        "",
        "<p>تُعرَض مخطوطاتٌ نادرةٌ للمرّة الأولى.</p>",
    ),
}

# (query as a reader might type it, the article it must find): spelling variants of each word.
QUERIES = [
    ("الحكومة", "budget"),
    ("الحكومه", "budget"),
    ("حكومة", "budget"),
    ("الحُكُومَة", "budget"),
    ("الحكـــومة", "budget"),
    ("ميزانيه الحكومه", "budget"),
    ("مستشفى", "hospital"),
    ("مستشفي", "hospital"),
    ("المستشفى", "hospital"),
    ("بالمستشفى", "hospital"),
    ("مدرسة", "school"),
    ("المدرسه", "school"),
    ("مؤتمر", "conference"),
    ("موتمر", "conference"),
    ("إطلاق", "satellite"),
    ("اطلاق", "satellite"),
    ("أطلاق", "satellite"),
    ("شاطئ", "beach"),
    ("شاطي", "beach"),
    ("آمال", "rain"),
    ("امال", "rain"),
    ("٢٠٣٠", "plan"),
    ("2030", "plan"),
    ("۲۰۳۰", "plan"),
    ("کتاب", "books"),
    ("والكتاب", "books"),
    ("مخطوطات نادرة", "books"),
    ("مَخْطُوطَاتٌ", "books"),
    ("اع\u200bلنت", "budget"),
    ("\u202bالجهراء\u202c", "hospital"),
]


@pytest.fixture
def corpus():
    category = make_category()
    return {
        key: make_article(title=title, lead=lead, body=body, category=category)
        for key, (title, lead, body) in CORPUS.items()
    }


def found(client, query, **filters):
    response = client.get("/search/", {"q": query, **filters})
    assert response.status_code == 200
    return [article.pk for article in response.context["page_obj"] or []]


@pytest.mark.parametrize(("query", "key"), QUERIES)
def test_spelling_variants_find_the_intended_article(client, corpus, query, key):
    assert found(client, query) == [corpus[key].pk]


def test_query_set_is_large_enough():
    assert len(QUERIES) >= 20


def test_headline_matches_rank_above_body_matches(client):
    in_body = make_article(title="خبر أول", body="<p>ارتفعت أسعار النفط اليوم.</p>")
    in_title = make_article(
        title="أسعار النفط ترتفع",
        body="<p>نص آخر.</p>",
        published_at=timezone.now() - timedelta(days=3),
    )
    assert found(client, "النفط") == [in_title.pk, in_body.pk]


def test_every_word_must_match(client, corpus):
    assert found(client, "الحكومة مستشفى") == []


def test_unpublished_articles_are_not_found(client):
    make_article(title="مسودة عن الزلزال", status=Article.Status.DRAFT)
    make_article(title="زلزال مجدول", published_at=timezone.now() + timedelta(hours=2))
    assert found(client, "زلزال") == []


def test_category_and_date_filters(client):
    sport = make_category(slug="sport")
    old = make_article(title="بطولة قديمة", published_at=timezone.now() - timedelta(days=40))
    recent = make_article(title="بطولة جديدة", category=sport)
    assert set(found(client, "بطولة")) == {old.pk, recent.pk}
    assert found(client, "بطولة", category="sport") == [recent.pk]
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert found(client, "بطولة", since=since) == [recent.pk]
    until = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert found(client, "بطولة", until=until) == [old.pk]


@pytest.mark.parametrize(
    "filters",
    [
        {"category": "nope"},
        {"category": "a\x00b"},
        {"since": "2026-13-45"},
        {"since": "\x00"},
        {"since": "2026-05-02", "until": "2026-05-01"},
    ],
)
def test_invalid_filters_answer_400_with_the_reason(client, filters):
    response = client.get("/search/", {"q": "خبر", **filters})
    assert response.status_code == 400
    assert parse(response.content).find(class_="form-errors") is not None


def test_results_are_paginated_and_pages_keep_the_query(client):
    category = make_category(slug="econ")
    for n in range(12):
        make_article(title=f"تقرير اقتصادي {n}", category=category)
    first = client.get("/search/", {"q": "تقرير", "category": "econ"})
    assert len(first.context["page_obj"]) == 10
    next_link = parse(first.content).find("a", rel="next").attrs["href"]
    assert "q=%D8%AA%D9%82%D8%B1%D9%8A%D8%B1" in next_link
    assert "category=econ" in next_link
    assert "page=2" in next_link
    second = client.get("/search/", {"q": "تقرير", "category": "econ", "page": 2})
    assert len(second.context["page_obj"]) == 2


def test_snippets_mark_the_word_as_the_article_spells_it(client, corpus):
    page = parse(client.get("/search/", {"q": "الحكومه"}).content)
    title = page.find("h2", class_="search-result__title")
    assert [mark.text for mark in title.find_all("mark")] == ["الحكومة"]
    response = client.get("/search/", {"q": "نادره"})
    snippet = parse(response.content).find("p", class_="search-result__snippet")
    assert [mark.text for mark in snippet.find_all("mark")] == ["نادرةٌ"]


def test_highlight_marks_words_derived_from_a_taa_marbuta_term():
    snippet = highlight("أعلنت الجهات الحكومية عن خطة الحكومة", ["حكومه"])
    assert snippet.count("<mark>") == 2


def test_highlight_escapes_the_text_and_cuts_around_the_first_match():
    text = " ".join(["كلمة"] * 50 + ["<script>الهدف</script>"] + ["كلمة"] * 50)
    snippet = highlight(text, ["هدف"], words=20)
    assert "<mark>&lt;script&gt;الهدف&lt;/script&gt;</mark>" in snippet
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert "<script>" not in snippet


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ("", "اكتب كلمة"),
        ("   ", "اكتب كلمة"),
        ("\x00", "اكتب كلمة"),
        ("!!! ؟؟ ... ***", "بالكلمات أو الأرقام"),
        ("'; DROP TABLE articles_article; --", "لا يوجد خبر"),
        ("& | ! <-> :*", "بالكلمات أو الأرقام"),
    ],
)
def test_odd_queries_get_a_friendly_page(client, query, hint):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert hint in parse(response.content).find("section", class_="search-page").text


def test_nul_inside_words_is_ignored(client, corpus):
    assert found(client, "الحكو\x00مة") == [corpus["budget"].pk]


def test_a_very_long_query_is_shortened_not_refused(client, corpus):
    query = "الحكومة " + " ".join(f"كلمة{n}" for n in range(500))
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert response.context["shortened"] is True
    assert len(response.context["terms"]) == 10


def test_query_terms_fold_and_drop_the_article():
    assert query_terms("الحُكومة والكتاب بالمستشفى") == (["حكومه", "كتاب", "مستشفي"], False)
    assert query_terms("!!!") == ([], False)


def test_search_page_is_not_indexed_and_header_search_is_on_every_page(client, corpus):
    page = parse(client.get("/search/", {"q": "الحكومة"}).content)
    assert "noindex" in page.find("meta", name="robots").attrs["content"]
    article = corpus["budget"]
    for url in ["/", article.get_absolute_url(), article.category.get_absolute_url(), "/search/"]:
        form = parse(client.get(url).content).find("form", class_="site-search")
        assert form.attrs["action"] == "/search/"
        assert form.find("input", name="q") is not None


def test_opensearch_description_is_linked_from_every_page(client, settings):
    settings.SITE_URL = "https://news.example.com"
    link = parse(client.get("/").content).find("link", rel="search")
    assert link.attrs["type"] == "application/opensearchdescription+xml"
    response = client.get(link.attrs["href"])
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    assert (
        'template="https://news.example.com/search/?q={searchTerms}"' in response.content.decode()
    )


@postgresql_only
def test_search_vector_follows_every_save(client):
    article = make_article(title="عنوان قديم")
    assert found(client, "قديم") == [article.pk]
    article.title = "عنوان معدّل"
    article.save()
    assert found(client, "قديم") == []
    assert found(client, "معدل") == [article.pk]
    article.body = "<p>فقرة مضافة عن الانتخابات</p>"
    article.save(update_fields=["body"])
    assert found(client, "الانتخابات") == [article.pk]


@postgresql_only
def test_search_uses_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_idx'")
        (definition,) = cursor.fetchone()
    assert "gin (search_vector)" in definition


@postgresql_only
def test_update_search_index_command_rebuilds_stale_vectors(client):
    from django.core.management import call_command

    article = make_article(title="عنوان قديم")
    Article.objects.filter(pk=article.pk).update(title="عنوان بديل")  # bypasses save()
    assert found(client, "بديل") == []
    call_command("update_search_index", stdout=StringIO())
    assert found(client, "بديل") == [article.pk]


# One table, run on both databases (once with DATABASE_URL unset for SQLite, once with it set for
# PostgreSQL): (what the article says, what the reader types, whether the article comes up).
BLOCKS = {
    "heading+paragraph": "<h2>خطة التطوير</h2><p>تستهدف الوزارة رفع الإنتاج</p>",
    "list": "<ul><li>المرحلة الأولى</li><li>تطوير الموانئ</li><li>بناء المصانع</li></ul>",
    "paragraphs": "<p>بدأت الأعمال مبكرا</p><p>وانتهت الجولة الأولى</p><p>وغادر الوفد</p>",
    "line break": "<p>قال المتحدث<br>سيبدأ العمل غدا</p>",
    "quote+figure": "<blockquote>نص الاقتباس</blockquote><figure><figcaption>صورة الميناء"
    "</figcaption></figure><p>حديث الوزير</p>",
}
SEARCH_CASES = [
    # Blocks are kept apart: each block's first and last words are words of their own.
    (BLOCKS["heading+paragraph"], "التطوير", True),
    (BLOCKS["heading+paragraph"], "تستهدف", True),
    (BLOCKS["heading+paragraph"], "خطة", True),
    (BLOCKS["heading+paragraph"], "الإنتاج", True),
    (BLOCKS["heading+paragraph"], "التطويرتستهدف", False),
    (BLOCKS["list"], "الأولى", True),
    (BLOCKS["list"], "تطوير", True),
    (BLOCKS["list"], "الموانئ", True),
    (BLOCKS["list"], "بناء", True),
    (BLOCKS["list"], "المصانع", True),
    (BLOCKS["paragraphs"], "مبكرا", True),
    (BLOCKS["paragraphs"], "وانتهت", True),
    (BLOCKS["paragraphs"], "الأولى", True),
    (BLOCKS["paragraphs"], "وغادر", True),
    (BLOCKS["paragraphs"], "الوفد", True),
    (BLOCKS["line break"], "المتحدث", True),
    (BLOCKS["line break"], "سيبدأ", True),
    (BLOCKS["quote+figure"], "الاقتباس", True),
    (BLOCKS["quote+figure"], "صورة", True),
    (BLOCKS["quote+figure"], "الميناء", True),
    (BLOCKS["quote+figure"], "حديث", True),
    # Hamza: on a dotless yā' followed by a hamza (ىء), on its seat (ئ, ؤ), on the line (ء).
    ("<p>ازدحمت الشواطئ بالزوار</p>", "الشواطىء", True),
    ("<p>ازدحمت الشواطىء بالزوار</p>", "الشواطئ", True),
    ("<p>ازدحمت الشواطئ بالزوار</p>", "الشواطيء", True),
    ("<p>ازدحمت الشواطئ بالزوار</p>", "شواطي", True),
    ("<p>لم يتغير شيء</p>", "شئ", True),
    ("<p>لم يتغير شئ</p>", "شيء", True),
    ("<p>انقطع الضوء</p>", "ضوء", True),
    ("<p>عقد المؤتمر</p>", "موتمر", True),
    # Words that begin with the letters of the article (ال) without carrying it.
    ("<p>البوابة الإلكترونية للوزارة</p>", "إلكترونية", True),
    ("<p>البوابة الإلكترونية للوزارة</p>", "الكترونية", True),
    ("<p>البوابة الإلكترونية للوزارة</p>", "الإلكترونية", True),
    ("<p>خدمات إلكترونية جديدة</p>", "الإلكترونية", True),
    ("<p>خدمات إلكترونية جديدة</p>", "الالكترونيه", True),
    ("<p>خدمات إلكترونية جديدة</p>", "إلكترونية", True),
    ("<p>زار الوفد ألمانيا</p>", "المانيا", True),
    ("<p>زار الوفد ألمانيا</p>", "بألمانيا", True),
    ("<p>الوفد في بألمانيا</p>", "ألمانيا", True),
    ("<p>الحكومة تجتمع</p>", "حكومة", True),
    ("<p>اجتمعت حكومة الكويت</p>", "الحكومة", True),
    # Unrelated words find nothing.
    ("<p>البوابة الإلكترونية للوزارة</p>", "مستشفى", False),
    ("<p>ازدحمت الشواطئ بالزوار</p>", "الجبال", False),
]


@pytest.mark.parametrize(("body", "query", "expected"), SEARCH_CASES)
def test_the_shared_cases_give_the_same_answer_on_both_databases(client, body, query, expected):
    article = make_article(title="خبر", lead="", body=body)
    assert found(client, query) == ([article.pk] if expected else [])


def test_the_shared_cases_cover_blocks_hamza_and_the_article():
    assert len(SEARCH_CASES) >= 40


@pytest.mark.parametrize("query", ["سلمى العتيبي", "العتيبي", "سلمى", "عتيبي"])
def test_an_authors_display_name_finds_their_articles(client, query):
    author = make_user(username="salma", first_name="سلمى", last_name="العتيبي")
    theirs = make_article(title="خبر", body="<p>نص</p>", author=author)
    make_article(title="خبر", body="<p>نص</p>", author=make_user(first_name="هند"))
    assert found(client, query) == [theirs.pk]


def test_an_author_without_a_name_is_found_by_the_username_readers_see(client):
    theirs = make_article(title="خبر", body="<p>نص</p>", author=make_user(username="bader"))
    assert found(client, "bader") == [theirs.pk]


def test_renaming_an_author_updates_what_finds_their_articles(client):
    author = make_user(username="writer", first_name="هدى", last_name="")
    article = make_article(title="خبر", body="<p>نص</p>", author=author)
    author.first_name = "نورة"
    author.save()
    assert found(client, "نورة") == [article.pk]
    assert found(client, "هدى") == []


@postgresql_only
def test_the_migration_rebuilds_vectors_stored_with_glued_blocks(client):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.postgres.search import SearchVector
    from django.db.models import Value

    article = make_article(title="خبر", body="<h2>خطة التطوير</h2><p>تستهدف الوزارة</p>")
    old_vector = SearchVector(Value("خطه تطويرتستهدف وزاره"), config="arabic")
    Article.objects.filter(pk=article.pk).update(search_vector=old_vector)  # as stored before
    assert found(client, "تستهدف") == []
    migration = import_module("articles.migrations.0008_rebuild_search_vectors")
    migration.rebuild_search_vectors(apps, connection.schema_editor())
    assert found(client, "تستهدف") == [article.pk]
    assert found(client, "التطوير") == [article.pk]


# --- only the newest matches are ranked ---------------------------------------------------------


@pytest.fixture
def oil_news():
    """Six matches, newest first: a headline match among old body matches ranks first."""
    now = timezone.now()
    in_body = [
        make_article(
            title=f"خبر {n}",
            body="<p>ارتفعت أسعار النفط اليوم.</p>",
            published_at=now - timedelta(hours=n),
        )
        for n in range(1, 6)
    ]
    in_title = make_article(
        title="أسعار النفط ترتفع", body="<p>نص.</p>", published_at=now - timedelta(days=3)
    )
    return [*in_body, in_title]


def ranked(newest):
    from articles import search
    from articles.views import _listing

    terms, _ = search.query_terms("النفط")
    if newest is None:
        return [a.pk for a in search.search_articles(_listing(), terms)]
    return search.ranked_matches(_listing(), terms, newest)


def test_ranking_is_the_same_when_the_matches_are_fewer_than_the_bound(oil_news):
    unbounded = ranked(None)
    assert unbounded[0] == oil_news[-1].pk  # the headline match, though the oldest
    assert ranked(6) == ranked(1000) == unbounded
    assert sorted(unbounded) == sorted(a.pk for a in oil_news)


def test_only_the_newest_matches_are_ranked(oil_news):
    assert ranked(3) == [a.pk for a in oil_news[:3]]  # the old headline match is left out
    assert ranked(5) == [a.pk for a in oil_news[:5]]


def test_more_matches_than_the_list_holds_say_more_than(client, oil_news, monkeypatch):
    from articles.paging import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "max_pages", 1)
    monkeypatch.setattr("articles.views.SEARCH_PAGE_SIZE", 4)
    response = client.get("/search/", {"q": "النفط"})
    status = parse(response.content).find("p", class_="search-page__count").text
    assert status == "عُثر على أكثر من 4 أخبار."
    assert [a.pk for a in response.context["page_obj"]] == [a.pk for a in oil_news[:4]]
    monkeypatch.setattr("articles.views.SEARCH_PAGE_SIZE", 6)
    response = client.get("/search/", {"q": "النفط"})
    status = parse(response.content).find("p", class_="search-page__count").text
    assert status == "عُثر على 6 أخبار."
    assert response.context["page_obj"][0].pk == oil_news[-1].pk
