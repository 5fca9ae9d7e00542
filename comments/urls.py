from django.urls import path

from comments import feeds, mailviews, views
from newsroom.pagecache import cache_for_readers

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("<int:pk>/report/", views.report_comment, name="report"),
    path("author/", views.remembered_author, name="remembered-author"),
    path("confirm/<str:token>/", mailviews.confirm_address, name="confirm-address"),
    path("unsubscribe/<str:token>/", mailviews.unsubscribe, name="unsubscribe"),
    path(
        "feed/<int:article_id>/",
        cache_for_readers(feeds.ArticleCommentsFeed(), article_kwarg="article_id"),
        name="feed",
    ),
]
