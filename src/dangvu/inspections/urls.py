from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("them/", views.create, name="create"),
    path("tim-dang-vien/", views.member_options, name="member_options"),
    path("tim-nguoi-dung/", views.user_options, name="user_options"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ket-luan/", views.conclude, name="conclude"),
    path("<int:pk>/thong-bao-ket-luan.docx", views.conclusion_docx, name="conclusion_docx"),
    path("<int:pk>/tep/<int:att_id>/", views.attachment, name="attachment"),
    path("<int:pk>/<slug:name>/", views.action, name="action"),
    path("khac-phuc/", views.remedies, name="remedies"),
    path("khac-phuc/<int:pk>/", views.remedy, name="remedy"),
    path("khac-phuc/<int:pk>/tep/<int:att_id>/", views.remedy_file, name="remedy_file"),
    path("chuong-trinh/", views.programmes, name="programmes"),
    path("chuong-trinh/<int:pk>/", views.programme, name="programme"),
    path("bao-cao/", views.report, name="report"),
    path("bao-cao/xuat-excel/", views.report_export, name="report_export"),
]
