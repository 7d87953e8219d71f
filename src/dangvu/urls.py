from django.urls import include, path

urlpatterns = [
    path("", include("dangvu.core.urls")),
]
