"""Reader search: PostgreSQL full-text search with the `arabic` configuration, and a fallback for
SQLite that folds the same spelling variants (see docs/discovery.md).

The searched document is an article's headline, lead, body (as the plain text readers read, one
word never glued to the next across a heading, a paragraph or a list item) and its author's
display name. Both sides go through newsroom.arabic.normalize (hamza, ة/ه, ى/ي, diacritics,
tatweel, digits…). Each word of the reader's query is then cut of its definite article (and the
و/ب/ك/ف/ل glued to it) once; each word of the document keeps every reading (as written and with
each leading "ال" cut), since "ال" may also be the first letters of a word (الكترونيه). The
same document text feeds PostgreSQL's stored vector and SQLite's on-the-fly match, so both find
the same articles: PostgreSQL's Arabic stemmer then does the rest; SQLite matches each term at
the start of a word.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.html import plain_text
from newsroom.arabic import definite_article_readings, normalize, strip_definite_article
from newsroom.site import display_name

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
CONFIG = "arabic"
WORD = re.compile(r"\w+")
# SQL functions taught to SQLite on each connection (register_sqlite_function).
SQLITE_TEXT = "newsroom_search_text"
SQLITE_HTML = "newsroom_search_html"
SQLITE_NAME = "newsroom_search_name"

# (field, PostgreSQL weight, SQLite score): the headline counts most, the author's name least.
FIELDS = (("title", "A", 4), ("lead", "B", 2), ("body", "C", 1), ("author", "D", 1))
NAME_FIELDS = ("author__first_name", "author__last_name", "author__username")


def search_text(text: str | None) -> str:
    """The normalised words of `text`, without the definite article, joined by spaces: what a
    query is made of."""
    return " ".join(strip_definite_article(word) for word in WORD.findall(normalize(text)))


def document_text(text: str | None) -> str:
    """The normalised words of `text`, each in every reading of a leading "ال", joined by
    spaces: what a query is matched against."""
    return " ".join(
        reading
        for word in WORD.findall(normalize(text))
        for reading in definite_article_readings(word)
    )


def author_name(first_name: str | None, last_name: str | None, username: str | None) -> str:
    """The author's name as readers see it (newsroom.site.display_name), from the three
    columns: the same rule for the stored vector, a migration and SQLite."""
    if username is None:
        return ""
    user = get_user_model()(first_name=first_name or "", last_name=last_name or "")
    setattr(user, user.USERNAME_FIELD, username)
    return display_name(user)


def query_terms(raw: str) -> tuple[list[str], bool]:
    """The distinct search terms of what the reader typed, and whether some were left out."""
    words = search_text(raw.replace("\x00", "")[: MAX_QUERY_CHARS * 2]).split()
    terms = list(dict.fromkeys(words))
    return terms[:MAX_TERMS], len(terms) > MAX_TERMS or len(raw) > MAX_QUERY_CHARS * 2


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


# Indexing -------------------------------------------------------------------------------------


def document_vector(title: str, lead: str, body_html: str, author: str = "") -> SearchVector:
    texts = {"title": title, "lead": lead, "body": plain_text(body_html), "author": author}
    vectors = [
        SearchVector(Value(document_text(texts[name])), weight=weight, config=CONFIG)
        for name, weight, _score in FIELDS
    ]
    vector = vectors[0]
    for more in vectors[1:]:
        vector += more
    return vector


def index_articles(queryset: QuerySet) -> int:
    """Recompute the stored search vector of these articles (PostgreSQL only); returns a count.

    Also run by a migration (with the historical model), so it reads columns, not methods.
    """
    if not uses_full_text():
        return 0
    count = 0
    coauthors = coauthor_names(queryset)
    rows = queryset.values_list("pk", "title", "lead", "body", *NAME_FIELDS)
    batch = []
    for pk, title, lead, body, *name in rows.iterator():
        names = " ".join([author_name(*name), *coauthors.get(pk, [])])
        article = queryset.model(pk=pk)
        article.search_vector = document_vector(title, lead, body, names)
        batch.append(article)
        if len(batch) == INDEX_BATCH:
            count += queryset.model.objects.bulk_update(batch, ["search_vector"])
            batch = []
    if batch:  # one UPDATE per batch of articles (an import indexes hundreds at once)
        count += queryset.model.objects.bulk_update(batch, ["search_vector"])
    return count


INDEX_BATCH = 500


def coauthor_names(queryset: QuerySet) -> dict[int, list[str]]:
    """The co-authors' names of these articles, in one query ({} before they existed, for the
    migrations that reindex with a historical model)."""
    try:
        links = queryset.model._meta.get_field("coauthor_links").related_model.objects
    except FieldDoesNotExist:
        return {}
    names: dict[int, list[str]] = {}
    rows = links.filter(article__in=queryset.values("pk")).values_list(
        "article_id", "user__first_name", "user__last_name", "user__username"
    )
    for article_id, *name in rows.order_by("position", "pk"):
        names.setdefault(article_id, []).append(author_name(*name))
    return names


NAME_COLUMNS = {"first_name", "last_name", "username"}


def reindex_renamed_author(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """post_save of the user model: the vectors of a user's articles carry their name."""
    if raw or not uses_full_text():
        return
    if update_fields is not None and not NAME_COLUMNS.intersection(update_fields):
        return  # a login (last_login), a password change…: the name is as it was
    index_articles(instance.articles.all())
    index_articles(instance.coauthored_articles.all())


# Searching ------------------------------------------------------------------------------------


def search_articles(queryset: QuerySet, terms: list[str]) -> QuerySet:
    """Articles of `queryset` matching every term, best first, then newest first."""
    if uses_full_text():
        query = SearchQuery(" ".join(terms), config=CONFIG, search_type="plain")
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-published_at", "-pk")
        )
    return _sqlite_search(queryset, terms)


def ranked_matches(queryset: QuerySet, terms: list[str], newest: int) -> list[int]:
    """The ids of the newest `newest` articles of `queryset` matching every term, best first,
    then newest first, in one query: what the reader's search lists, since its list stops
    after MAX_PAGES pages anyway. A common word matches tens of thousands of articles in an
    archive, and ranking is reading each one's vector; the newest matches are a walk down the
    date index that stops after `newest` rows, or the GIN index's few rows sorted for a rare
    word (the planner chooses), and only those are ranked. With fewer matches than `newest`,
    the order is search_articles' own."""
    found = search_articles(queryset, terms).order_by("-published_at", "-pk")
    rows = list(found.values_list("pk", "rank", "published_at")[:newest])
    # search_articles' order (best first, then newest first), on these rows only.
    rows.sort(key=lambda row: (row[1], row[2], row[0]), reverse=True)
    return [pk for pk, _rank, _published in rows]


def _sqlite_search(queryset: QuerySet, terms: list[str]) -> QuerySet:
    """Each term must start a word of the headline, lead, body or author's name; the headline
    weighs most."""
    folded = {
        "title": Func(F("title"), function=SQLITE_TEXT),
        "lead": Func(F("lead"), function=SQLITE_TEXT),
        "body": Func(F("body"), function=SQLITE_HTML),
        "author": Concat(
            Func(*(F(name) for name in NAME_FIELDS), function=SQLITE_NAME),
            Value(" "),
            Coalesce(Subquery(_sqlite_coauthor_names(queryset.model)), Value("")),
            output_field=TextField(),
        ),
    }
    docs = {
        f"doc_{name}": Concat(Value(" "), folded[name], output_field=TextField())
        for name, _weight, _score in FIELDS
    }
    queryset = queryset.annotate(**docs)
    score = Value(0)
    for term in terms:
        needle = f" {term}"
        matches = Q()
        for name, _weight, points in FIELDS:
            matches |= Q(**{f"doc_{name}__contains": needle})
            score += Case(
                When(**{f"doc_{name}__contains": needle}, then=Value(points)),
                default=Value(0),
                output_field=IntegerField(),
            )
        queryset = queryset.filter(matches)
    return queryset.annotate(rank=score).order_by("-rank", "-published_at", "-pk")


class _GroupConcat(Aggregate):
    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ' ')"
    output_field = TextField()


def _sqlite_coauthor_names(article_model) -> QuerySet:
    """A subquery: the folded names of the outer article's co-authors, space-separated."""
    links = article_model._meta.get_field("coauthor_links").related_model.objects
    name = Func(*(F(f"user__{n}") for n in ("first_name", "last_name", "username")),
                function=SQLITE_NAME)  # fmt: skip
    return (
        links.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(names=_GroupConcat(name))
        .values("names")
    )


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """connection_created receiver: teach SQLite the same document text as the stored vector."""
    if connection.vendor == "sqlite":
        create = connection.connection.create_function
        create(SQLITE_TEXT, 1, document_text, deterministic=True)
        create(
            SQLITE_HTML, 1, lambda html: document_text(plain_text(html or "")), deterministic=True
        )
        create(SQLITE_NAME, 3, lambda *name: document_text(author_name(*name)), deterministic=True)


# Snippets -------------------------------------------------------------------------------------


def _stem(term: str) -> str:
    """A final ه (a folded ة) may become ي… in a derived word: حكومه → حكوميه, so mark by حكوم."""
    return term[:-1] if term.endswith("ه") and len(term) > 3 else term


def _matches(word: str, terms: list[str]) -> bool:
    keys = document_text(word).split()
    return any(key.startswith(_stem(term)) for key in keys for term in terms)


def highlight(text: str, terms: list[str], *, words: int = 0) -> SafeString:
    """`text` escaped, the words matching a term in <mark>; cut to `words` around the first match.

    Matching folds the word exactly as the search does, so a query typed without hamza or
    diacritics marks the word as the article spells it.
    """
    tokens = text.split()
    # Folding a word is the costly part: each distinct word is folded once, and only the
    # words up to the first match and those shown are looked at (a whole body is long).
    known = {}

    def matches(token):
        hit = known.get(token)
        if hit is None:
            hit = known[token] = _matches(token, terms)
        return hit

    start, end = 0, len(tokens)
    if words and len(tokens) > words:
        first = next((i for i, token in enumerate(tokens) if matches(token)), 0)
        start = max(0, min(first - words // 4, len(tokens) - words))
        end = start + words
    parts = [
        f"<mark>{escape(token)}</mark>" if matches(token) else str(escape(token))
        for token in tokens[start:end]
    ]
    snippet = " ".join(parts)
    if start > 0:
        snippet = "… " + snippet
    if end < len(tokens):
        snippet += " …"
    return mark_safe(snippet)  # every token was escaped above
