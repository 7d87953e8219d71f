from django.urls import path

from . import views

app_name = "studies"
urlpatterns = [
    path("", views.index, name="index"),
    path("ghi-nhan/", views.session_create, name="create"),
    path("cua-toi/", views.mine, name="mine"),
    path("bai-viet/<int:pk>/", views.submit, name="submit"),
    path("bai-viet/<int:pk>/tep/<int:att_id>/", views.submission_file, name="submission_file"),
    path("chua-hoc-bu/", views.absentees, name="absentees"),
    path("bao-cao/", views.report, name="report"),
    path("bao-cao/xuat-excel/", views.report_xlsx, name="report_xlsx"),
    path("bao-cao/xuat-word/", views.report_docx, name="report_docx"),
    path("boi-duong/", views.training, name="training"),
    path("boi-duong/<int:pk>/", views.class_detail, name="class"),
    path("hoc-vien/<int:pk>/<slug:action>/", views.enrollment_action, name="enrollment_action"),
    path("so-nghi-quyet/", views.resolutions, name="resolutions"),
    path("chi-thi-05/", views.pledges, name="pledges"),
    path("chi-thi-05/<int:pk>/danh-gia/", views.pledge_assess, name="pledge_assess"),
    path("khen-thuong/", views.commendations, name="commendations"),
    path("<int:pk>/", views.session_detail, name="session"),
    path("<int:pk>/sua/", views.session_edit, name="edit"),
    path("<int:pk>/co-mat/", views.attendance_edit, name="attendance"),
    path("<int:pk>/hoc-bu/", views.catch_up, name="catch_up"),
]
