from django.urls import path

from . import views

app_name = "discipline"
urlpatterns = [
    path("", views.index, name="index"),
    path("them/", views.discipline_create, name="create"),
    path("tim-dang-vien/", views.member_options, name="member_options"),
    path("cua-toi/", views.mine, name="mine"),
    path("<int:pk>/", views.discipline_detail, name="detail"),
    path("<int:pk>/quyet-dinh.docx", views.decision_document, name="decision_docx"),
    path("<int:pk>/khieu-nai/", views.complaint_create, name="complaint_create"),
    path("khieu-nai/", views.complaint_list, name="complaints"),
    path("khieu-nai/<int:pk>/", views.complaint_detail, name="complaint"),
    path("to-cao/", views.denunciation_list, name="denunciations"),
    path("to-cao/them/", views.denunciation_create, name="denunciation_create"),
    path("to-cao/<int:pk>/", views.denunciation_detail, name="denunciation"),
    path("to-cao/<int:pk>/<slug:action>/", views.denunciation_detail, name="denunciation_action"),
    path("<int:pk>/sua/", views.discipline_amend, name="amend"),
    path("tep/<slug:kind>/<int:pk>/", views.attachment_upload, name="attach"),
    path("tep/<slug:kind>/<int:pk>/<int:att_id>/", views.attachment_download, name="attachment"),
    path("phan-cong/<slug:kind>/<int:pk>/", views.assign, name="assign"),
    path("bao-cao/", views.report, name="report"),
    path("bao-cao/xuat-excel/", views.report_export, name="report_export"),
]
