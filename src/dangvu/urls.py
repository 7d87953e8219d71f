import importlib

from django.contrib import admin
from django.urls import include, path

from dangvu.api.api import urls as api_urls

urlpatterns = [
    path("api/v1/", api_urls()),
    path("quan-tri/", admin.site.urls),
    path("", include("dangvu.core.urls")),
]

# Each app's pages live under one Vietnamese prefix; an app without pages yet is skipped.
APP_URLS = [
    ("to-chuc/", "dangvu.organizations.urls"),
    ("dang-vien/", "dangvu.members.urls"),
    ("danh-gia/", "dangvu.reviews.urls"),
    ("kiem-tra/", "dangvu.inspections.urls"),
    ("ky-luat/", "dangvu.discipline.urls"),
    ("sinh-hoat/", "dangvu.meetings.urls"),
    ("hoc-tap/", "dangvu.studies.urls"),
    ("van-ban/", "dangvu.documents.urls"),
]

for prefix, module in APP_URLS:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        continue
    urlpatterns.append(path(prefix, include(module)))

handler404 = "dangvu.core.views.not_found"
handler500 = "dangvu.core.views.server_error"
