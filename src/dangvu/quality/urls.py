"""The data-quality pages under /chat-luong-du-lieu/."""

from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("", views.index, name="index"),
    path("tinh-lai/", views.refresh, name="refresh"),
    path("<str:key>/", views.records, name="records"),
]
