"""The dashboard of an office or a commission: its sub-tree at a glance, in charts with their tables."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
]
