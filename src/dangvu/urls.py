import importlib

from django.contrib import admin
from django.urls import include, path

from dangvu.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("quan-tri/", admin.site.urls),
    path("", include("dangvu.core.urls")),
]

for prefix, module in [("to-chuc/", "dangvu.organizations.urls"), ("dang-vien/", "dangvu.members.urls")]:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        continue
    urlpatterns.append(path(prefix, include(module)))

handler404 = "dangvu.core.views.not_found"
handler500 = "dangvu.core.views.server_error"
