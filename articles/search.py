"""Reader search: PostgreSQL full-text search with the `arabic` configuration, and a fallback for
SQLite that folds the same spelling variants (see docs/discovery.md).

Both sides of a match, the stored document and the reader's query, go through `search_text()`:
newsroom.arabic.normalize (hamza, ة/ه, ى/ي, diacritics, tatweel, digits…) then the definite
article (and و/ب/ك/ف/ل glued to it) is cut from each word. PostgreSQL's Arabic stemmer then does
the rest; SQLite matches each term at the start of a word.
"""

from __future__ import annotations

import re
from html import unescape

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from articles.html import sanitize_article_html
from newsroom.arabic import normalize, strip_definite_article

MAX_QUERY_CHARS = 200
MAX_TERMS = 10
CONFIG = "arabic"
WORD = re.compile(r"\w+")
SQLITE_FUNCTION = "newsroom_search_text"

# (field, PostgreSQL weight, SQLite score): the headline counts most, the body least.
FIELDS = (("title", "A", 4), ("lead", "B", 2), ("body", "C", 1))


def plain_text(html: str) -> str:
    """An article body as the reader sees it: sanitised, tags removed, entities decoded."""
    return unescape(strip_tags(sanitize_article_html(html)))


def search_text(text: str | None) -> str:
    """The normalised words of `text`, without the definite article, joined by spaces."""
    return " ".join(strip_definite_article(word) for word in WORD.findall(normalize(text)))


def query_terms(raw: str) -> tuple[list[str], bool]:
    """The distinct search terms of what the reader typed, and whether some were left out."""
    words = search_text(raw.replace("\x00", "")[: MAX_QUERY_CHARS * 2]).split()
    terms = list(dict.fromkeys(words))
    return terms[:MAX_TERMS], len(terms) > MAX_TERMS or len(raw) > MAX_QUERY_CHARS * 2


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


# Indexing -------------------------------------------------------------------------------------


def document_vector(title: str, lead: str, body_html: str) -> SearchVector:
    texts = {"title": title, "lead": lead, "body": plain_text(body_html)}
    vectors = [
        SearchVector(Value(search_text(texts[name])), weight=weight, config=CONFIG)
        for name, weight, _score in FIELDS
    ]
    return vectors[0] + vectors[1] + vectors[2]


def index_articles(queryset: QuerySet) -> int:
    """Recompute the stored search vector of these articles (PostgreSQL only); returns a count."""
    if not uses_full_text():
        return 0
    count = 0
    for pk, title, lead, body in queryset.values_list("pk", "title", "lead", "body").iterator():
        queryset.model.objects.filter(pk=pk).update(
            search_vector=document_vector(title, lead, body)
        )
        count += 1
    return count


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


def _sqlite_search(queryset: QuerySet, terms: list[str]) -> QuerySet:
    """Each term must start a word of the headline, lead or body; the headline weighs most."""
    docs = {
        f"doc_{name}": Concat(
            Value(" "),
            Func(F(name), function=SQLITE_FUNCTION),
            output_field=TextField(),
        )
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


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """connection_created receiver: teach SQLite the same folding as Python."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION,
            1,
            lambda html: search_text(plain_text(html or "")),
            deterministic=True,
        )


# Snippets -------------------------------------------------------------------------------------


def _stem(term: str) -> str:
    """A final ه (a folded ة) may become ي… in a derived word: حكومه → حكوميه, so mark by حكوم."""
    return term[:-1] if term.endswith("ه") and len(term) > 3 else term


def _matches(word: str, terms: list[str]) -> bool:
    keys = search_text(word).split()
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
