from django.urls import path

from comments import feeds, live, mailviews, views
from newsroom.pagecache import cache_for_readers

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("<int:pk>/report/", views.report_comment, name="report"),
    path("<int:pk>/edit/", views.edit_own_comment, name="edit"),
    path("<int:pk>/delete/", views.withdraw_own_comment, name="withdraw"),
    path(
        "live/<int:article_id>/",
        cache_for_readers(live.live_comments, article_kwarg="article_id"),
        name="live",
    ),
    path("author/", views.remembered_author, name="remembered-author"),
    path("confirm/<str:token>/", mailviews.confirm_address, name="confirm-address"),
    path("unsubscribe/<str:token>/", mailviews.unsubscribe, name="unsubscribe"),
    path(
        "feed/<int:article_id>/",
        cache_for_readers(feeds.ArticleCommentsFeed(), article_kwarg="article_id"),
        name="feed",
    ),
]
