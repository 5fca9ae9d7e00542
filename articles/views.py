from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe

from articles import permissions, popularity
from articles import search as search_engine
from articles.forms import SearchForm
from articles.models import (
    BREAKING_SHOWN,
    Article,
    AuthorProfile,
    Category,
    attach_pictures,
)
from articles.paging import MAX_PAGES, CappedPaginator, PageTooDeep
from articles.redirects import HOME_QUERY_PARAMETERS
from newsroom.arabic import strip_bidi_controls
from newsroom.pagecache import cache_for_readers
from newsroom.site import display_name

HOME_LATEST = 8
HOME_PER_CATEGORY = 4
CATEGORY_PAGE_SIZE = 12
AUTHOR_PAGE_SIZE = 12
SEE_ALSO_LIMIT = 2
SEARCH_PAGE_SIZE = 10
SNIPPET_WORDS = 40


def _listing(queryset=None, *, with_body=False, pictures=True):
    """Published articles, newest first, ready for cards; `with_body` for the lists that quote
    the body (search snippets, "see also"); `pictures=False` when the caller attaches the
    renditions itself (attach_pictures), once for several lists."""
    queryset = Article.objects.all() if queryset is None else queryset
    listing = queryset.published().latest_first().select_related("category")
    if pictures:
        listing = listing.with_pictures()
    return listing.for_lists(with_body=with_body)


# WordPress's query addresses of the home page (`/?p=123`) are part of the key, so that the
# stored home page never answers them: they miss, and the redirects middleware gives the 301.
@cache_for_readers(before=popularity.check_turnover, params=HOME_QUERY_PARAMETERS)
@require_safe
def home(request):
    # The breaking-news bar shows the same articles: they are read once, here (the bar's tag
    # takes them from the context), as are the sections (for the blocks and the menu) and
    # the pictures of every list on the page.
    # A story shows once above the fold: breaking news leads the front page while it lasts and
    # the bar links to it; the latest list leaves out every story the bar names (read with a
    # few more rows, so that it stays full).
    breaking = list(_listing(Article.objects.breaking(), pictures=False)[:BREAKING_SHOWN])
    latest = list(_listing(pictures=False)[: HOME_LATEST + 1 + len(breaking)])
    in_bar = {article.pk for article in breaking}
    latest = [*breaking[:1], *(a for a in latest if a.pk not in in_bar)][: HOME_LATEST + 1]
    lead, latest = (latest[0], latest[1:]) if latest else (None, [])
    categories = list(Category.objects.all())
    blocks = category_blocks(categories=categories, pictures=False)
    attach_pictures([*([lead] if lead else []), *latest, *(a for _c, arts in blocks for a in arts)])
    context = {
        "lead": lead,
        "latest": latest,
        "blocks": blocks,
        "most_read": popularity.most_read_lists(),
        "breaking_news": breaking,
        "nav_categories": categories,
    }
    return render(request, "articles/home.html", context)


def category_blocks(per_category=HOME_PER_CATEGORY, *, categories=None, pictures=True):
    """(section, its latest articles) for every section with any, in the sections' order: two
    queries (and the pictures' one) however many sections there are; three on PostgreSQL."""
    categories = list(Category.objects.all()) if categories is None else categories
    listing = _listing(pictures=pictures)
    if connection.features.supports_slicing_ordering_in_compound and categories:
        # One UNION ALL of a short index range scan per section (article_category_listing_idx):
        # a window over every published article sorts the whole archive.
        newest = [
            Article.objects.published()
            .filter(category=category)
            .latest_first()
            .values_list("pk", flat=True)[:per_category]
            for category in categories
        ]
        rows = listing.filter(pk__in=list(newest[0].union(*newest[1:], all=True)))
    else:
        rows = listing.annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("category_id"),
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        ).filter(rank__lte=per_category)
    by_category = defaultdict(list)
    for article in rows:
        by_category[article.category_id].append(article)
    return [
        (category, by_category[category.pk]) for category in categories if by_category[category.pk]
    ]


@cache_for_readers(params=("page",))
@require_safe
def category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    paginator = CappedPaginator(_listing(category.articles.all()), CATEGORY_PAGE_SIZE)
    try:
        page = paginator.get_page(request.GET.get("page"))
    except PageTooDeep:
        return too_deep(request, category=category)
    return render(
        request,
        "articles/category.html",
        {"category": category, "page_obj": page, "articles": page.object_list},
    )


def too_deep(request, category=None):
    """A list's page past MAX_PAGES: a 404 that says how to reach older news (search by date)."""
    context = {"max_pages": MAX_PAGES, "category": category}
    return render(request, "articles/too_deep.html", context, status=404)


def readable_article(request, pk):
    """The article a reader may open: published ones; its authors and the editors may also
    preview it before (a 404 for everyone else, staff included: articles.permissions)."""
    # Its pictures are read with those of "see also" (article_context): one query for both.
    queryset = Article.objects.select_related("category").with_authors()
    user = request.user
    if user.has_perm(permissions.VIEW) or user.has_perm(permissions.CHANGE):
        queryset = permissions.visible_to(user, queryset)
    else:
        queryset = queryset.published()
    return get_object_or_404(queryset, pk=pk)


def see_also(article, tag_ids=None):
    """Manual links first, then articles sharing a tag or, failing that, the category; each
    group newest first. One query: the group is a rank the database sorts by (three lists
    read one after the other cost three compilations and round trips on every article).
    `tag_ids`: the article's tags when the caller has read them (else one more query).
    Without their pictures: article_context reads them with the article's own.

    Only SEE_ALSO_LIMIT articles are shown, so only the newest SEE_ALSO_LIMIT of each shared
    tag and of the section can be among them (docs/reader.md): on PostgreSQL the candidates
    are a UNION ALL of one short index walk per tag and one for the section, not every
    article sharing a tag (tens of thousands in an archive) ranked and sorted."""
    if tag_ids is None:
        tag_ids = list(article.tags.values_list("pk", flat=True))
    manual = Article.see_also.through.objects.filter(from_article_id=article.pk)
    manual = manual.values("to_article_id")
    links = Article.tags.through.objects
    # Subqueries rather than joins: no DISTINCT over whole rows (bodies included).
    shares_a_tag = Exists(links.filter(article_id=OuterRef("pk"), tag_id__in=tag_ids))
    group = Case(
        When(pk__in=manual, then=Value(0)),
        When(shares_a_tag, then=Value(1)),
        default=Value(2),
    )
    if connection.features.supports_slicing_ordering_in_compound:
        others = Article.objects.published().exclude(pk=article.pk).latest_first()
        newest = [
            others.filter(pk__in=links.filter(tag_id=tag_id).values("article_id"))
            for tag_id in tag_ids
        ]
        newest.append(others.filter(category_id=article.category_id))
        newest = [rows.values_list("pk", flat=True)[:SEE_ALSO_LIMIT] for rows in newest]
        # The manual links are a branch too: one IN over a few ids, which the primary key
        # answers (an OR of two INs was a scan of every article).
        linked = manual.values_list("to_article_id", flat=True)
        candidates = Q(pk__in=linked.union(*newest, all=True))
    else:
        tagged = links.filter(tag_id__in=tag_ids).values("article_id")
        others = Q(pk__in=tagged) | Q(category_id=article.category_id)
        candidates = Q(pk__in=manual) | (others & ~Q(pk=article.pk))
    candidates = _listing(with_body=True, pictures=False).filter(candidates)
    ranked = candidates.alias(group=group).order_by("group", "-published_at", "-pk")
    return list(ranked[:SEE_ALSO_LIMIT])


def article_context(article, **extra):
    """Context for templates/articles/article_detail.html; the comments app renders it too."""
    tags = list(article.tags.all())
    related = see_also(article, [tag.pk for tag in tags])
    attach_pictures([article, *related])  # one query for all (none for pictures already read)
    return {
        "article": article,
        "see_also": related,
        "tags": tags,
        "corrections": list(article.corrections.all()),
        "is_preview": not article.is_published,
        "most_read": popularity.most_read_lists(),
        **extra,
    }


@cache_for_readers(
    article_kwarg="pk",
    on_hit=popularity.count_cached_view,
    before=popularity.check_turnover,
    params=("cpage", "replytocom"),
)
@require_safe
def article_detail(request, pk, slug=None):
    try:
        article = readable_article(request, pk)
    except Http404:
        removed = Article.objects.withdrawn().filter(pk=pk).values("withdrawn_reason").first()
        if removed is None:
            raise
        context = {"reason": removed["withdrawn_reason"]}
        return render(request, "articles/withdrawn.html", context, status=410)
    if slug != article.slug:
        url = article.get_absolute_url()
        if request.GET:  # ?replytocom=… must survive, or a no-JS reply becomes a top-level comment
            url = f"{url}?{request.GET.urlencode()}"
        return redirect(url, permanent=True)
    thread = comment_section(request, article)  # 404 for a wrong ?cpage
    context = article_context(article, comment_thread=thread)
    response = render(request, "articles/article_detail.html", context)
    if popularity.should_count(request, article):
        popularity.record_view(article)
    if not article.is_published:
        response.headers["X-Robots-Tag"] = "noindex"
    elif not thread.is_default_page:  # an older page of comments: the article is the page
        response.headers["X-Robots-Tag"] = "noindex, follow"
    return response


def comment_section(request, article):
    """The comments shown under the article (ARTICLE_COMMENT_SECTION names the function, in the
    comments app): it has `.is_default_page`, and raises Http404 for a page of comments that is
    not one. Named by a setting so that articles never imports comments."""
    return import_string(settings.ARTICLE_COMMENT_SECTION)(request, article)


# What the search page reads (SearchForm's fields, the date selects' parts, the page): any
# other parameter is left out of its cache key.
SEARCH_PARAMETERS = (
    "q",
    "category",
    "page",
    *(f"{field}_{part}" for field in ("since", "until") for part in ("day", "month", "year")),
)


@cache_for_readers(lifetime="PAGE_CACHE_SEARCH_SECONDS", params=SEARCH_PARAMETERS)
@require_safe
def search(request):
    """/search/?q=: ranked, highlighted, paginated; every query gets a page, never an error."""
    form = SearchForm(request.GET)
    context = {"form": form, "search_query": request.GET.get("q", "").replace("\x00", "")}
    if not form.is_valid():
        return render(request, "articles/search.html", context, status=400)
    terms, shortened = search_engine.query_terms(form.cleaned_data["q"])
    page = None
    if terms:
        listing = form.filter(_listing(with_body=True))  # the snippet quotes the body
        # Only what the capped list can show is ranked, and one more: their number is the
        # count, which then knows there are more ("more than 1,000 articles found").
        newest = SEARCH_PAGE_SIZE * CappedPaginator.max_pages + 1
        ranked = search_engine.ranked_matches(listing, terms, newest)
        paginator = CappedPaginator(ranked, SEARCH_PAGE_SIZE, found=len(ranked))
        try:
            page = paginator.get_page(request.GET.get("page"))
        except PageTooDeep:
            return too_deep(request)
        shown = listing.in_bulk(page.object_list)  # the page's articles, by primary key
        page.object_list = [shown[pk] for pk in page.object_list if pk in shown]
        for article in page:
            article.title_html = search_engine.highlight(article.title, terms)
            # Lead and body run together in one preview: a direction override left open in the
            # lead would turn the body's words around, so the preview drops such controls.
            article.snippet = search_engine.highlight(
                strip_bidi_controls(f"{article.lead} {article.excerpt}"), terms, words=SNIPPET_WORDS
            )
    context.update(
        terms=terms, shortened=shortened, page_obj=page, max_terms=search_engine.MAX_TERMS
    )
    return render(request, "articles/search.html", context)


@cache_for_readers(params=("page",))
@require_safe
def author(request, slug):
    """A journalist's published work at /author/<slug>/. Unknown slugs, and staff with nothing
    published (desk editors, moderators), are a 404: the page exists to credit work readers
    can see. The old /author/<username>/ answers 301 to the slug's address, but only for
    someone whose page exists, so that login names cannot be probed (a slug wins over a
    login name when both match)."""
    profile = AuthorProfile.objects.select_related("user").filter(slug=slug).first()
    if profile is None:
        user = get_object_or_404(get_user_model(), username=slug)
        if not Article.objects.published().by_author(user).exists():
            raise Http404
        AuthorProfile.ensure(user.pk)
        return redirect(AuthorProfile.objects.get(user=user).get_absolute_url(), permanent=True)
    user = profile.user
    paginator = CappedPaginator(_listing(Article.objects.by_author(user)), AUTHOR_PAGE_SIZE)
    if paginator.count == 0:
        raise Http404
    try:
        page = paginator.get_page(request.GET.get("page"))
    except PageTooDeep:
        return too_deep(request)
    return render(
        request,
        "articles/author.html",
        {
            "author": user,
            "author_name": display_name(user),
            "profile": profile,
            "page_obj": page,
            "articles": page.object_list,
        },
    )
