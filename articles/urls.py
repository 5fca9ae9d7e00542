from django.urls import path, register_converter

from articles import feeds, pages, views
from newsroom.pagecache import cache_for_readers

app_name = "articles"

register_converter(pages.PageSlugConverter, "page")

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("feed/", cache_for_readers(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", cache_for_readers(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path("category/<str:slug>/", views.category, name="category"),
    path(
        "category/<str:slug>/feed/", cache_for_readers(feeds.CategoryFeed()), name="category-feed"
    ),
    path(
        "category/<str:slug>/feed/atom/",
        cache_for_readers(feeds.CategoryAtomFeed()),
        name="category-feed-atom",
    ),
    path("news/<int:pk>/", views.article_detail, name="shortlink"),
    path("news/<int:pk>/<str:slug>/", views.article_detail, name="detail"),
    path("author/<str:slug>/", views.author, name="author"),
    # Last: matches only a published page's slug (articles/pages.py), never an unknown path.
    path("<page:slug>/", pages.page, name="page"),
]
