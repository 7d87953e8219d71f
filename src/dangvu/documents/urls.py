from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("di/them/", views.create, name="create"),
    path("den/them/", views.create_incoming, name="create_incoming"),
    path("trich-dan/", views.citation_parse, name="citations"),
    path("mau-mac-dinh/", views.default_template, name="default_template"),
    path("co-quan/<int:org_id>/", views.profile, name="profile"),
    path("co-quan/<int:org_id>/mau/", views.upload_template, name="upload_template"),
    path("tep/<int:att_id>/", views.download, name="download"),
    path("hop-thu/", views.inbox, name="inbox"),
    path("hop-thu/<int:item_id>/", views.inbox_item, name="inbox_item"),
    path("hop-thu/<int:item_id>/xac-nhan/", views.acknowledge, name="acknowledge"),
    path("hop-thu/<int:item_id>/bao-cao/", views.reply, name="reply"),
    path("sinh-hoat/<int:meeting_id>/gui-tai-lieu/", views.send_meeting_materials, name="send_meeting_materials"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/word/", views.docx, name="docx"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/tep/", views.upload_file, name="upload_file"),
    path("<int:pk>/gui/", views.distribute, name="distribute"),
    path("<int:pk>/tinh-trang/", views.status, name="status"),
    path("<int:pk>/nhac/", views.remind, name="remind"),
]
