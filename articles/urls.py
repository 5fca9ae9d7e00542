from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("category/<str:slug>/", views.category, name="category"),
    path("news/<int:pk>/", views.article_detail, name="shortlink"),
    path("news/<int:pk>/<str:slug>/", views.article_detail, name="detail"),
    path("author/<str:username>/", views.author, name="author"),
]
