from django.contrib import admin
from django.urls import include, path

from dangvu.api.api import urls as api_urls
from dangvu.core import plugins

urlpatterns = [
    path("api/v1/", api_urls()),
    path("quan-tri/", admin.site.urls),
    path("", include("dangvu.core.urls")),
]

# Each app's pages live under the one Vietnamese prefix its manifest declares (dangvu.core.plugins).
for _app, prefix, module in plugins.registry().pages:
    urlpatterns.append(path(prefix, include(module)))

handler404 = "dangvu.core.views.not_found"
handler500 = "dangvu.core.views.server_error"
