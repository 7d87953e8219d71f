"""The reports' pages under /bao-cao/: the period report and its drafts, the delegation report, the
checker (Đối chiếu báo cáo), and the dashboard (tong-quan/, its own package)."""

from django.urls import include, path

from . import records, views
from .checker import views as checker_views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("xuat-word/", views.period_docx, name="period_docx"),
    path("xuat-excel/", views.period_xlsx, name="period_xlsx"),
    path("du-thao/", views.draft_list, name="drafts"),
    path("du-thao/lap/", views.draft_create, name="draft_create"),
    path("du-thao/<int:draft_id>/", views.draft_detail, name="draft"),
    path("du-thao/<int:draft_id>/phat-hanh/", views.draft_issue, name="draft_issue"),
    path("du-thao/<int:draft_id>/cap-nhat-so-lieu/", views.draft_refresh, name="draft_refresh"),
    path("du-thao/<int:draft_id>/xuat-word/", views.draft_docx, name="draft_docx"),
    path("du-thao/<int:draft_id>/xuat-excel/", views.draft_xlsx, name="draft_xlsx"),
    path("doan-kiem-tra/", views.delegation_list, name="delegation"),
    path("doan-kiem-tra/<int:inspection_id>/lap/", views.delegation_create, name="delegation_create"),
    path("doi-chieu/", checker_views.check_page, name="check"),
    path("tong-quan/", include("dangvu.reports.dashboard.urls")),
    path("so-lieu/<slug:section>/<slug:key>/", records.figure_records, name="records"),
]
