from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("category/<str:slug>/", views.category, name="category"),
    path("category/<str:slug>/feed/", feeds.CategoryFeed(), name="category-feed"),
    path("category/<str:slug>/feed/atom/", feeds.CategoryAtomFeed(), name="category-feed-atom"),
    path("news/<int:pk>/", views.article_detail, name="shortlink"),
    path("news/<int:pk>/<str:slug>/", views.article_detail, name="detail"),
    path("author/<str:username>/", views.author, name="author"),
]
