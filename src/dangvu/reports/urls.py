"""The reports' pages under /bao-cao/: the period report and its drafts, the delegation report, the
checker (Đối chiếu báo cáo), and the dashboard (tong-quan/, its own package)."""

from django.urls import include, path

from . import records

app_name = "reports"

urlpatterns = [
    path("tong-quan/", include("dangvu.reports.dashboard.urls")),
    path("so-lieu/<slug:section>/<slug:key>/", records.figure_records, name="records"),
]
