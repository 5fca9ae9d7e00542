from django.urls import path

from comments import feeds, views

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("feed/<int:article_id>/", feeds.ArticleCommentsFeed(), name="feed"),
]
