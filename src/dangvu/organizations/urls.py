from django.urls import path

from . import pickers, views

app_name = "organizations"
urlpatterns = [
    path("", views.index, name="index"),
    path("moi/", views.create_root, name="create_root"),
    path("chon/", pickers.organization_pick_page, name="pick"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/them-truc-thuoc/", views.create_child, name="create_child"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/chuyen/", views.move, name="move"),
    path("<int:pk>/giai-the/", views.dissolve, name="dissolve"),
    path("<int:pk>/nhiem-ky/them/", views.term_create, name="term_create"),
    path("nhiem-ky/<int:term_id>/sua/", views.term_edit, name="term_edit"),
    path("nhiem-ky/<int:term_id>/ket-thuc/", views.term_close, name="term_close"),
    path("nhiem-ky/<int:term_id>/cap-uy-vien/them/", views.committee_member_add, name="committee_member_add"),
    path("cap-uy-vien/<int:cm_id>/thoi-giu-chuc-vu/", views.committee_member_end, name="committee_member_end"),
    path("cap-uy-vien/<int:cm_id>/phan-cong/them/", views.assignment_add, name="assignment_add"),
    path("phan-cong/<int:assignment_id>/ket-thuc/", views.assignment_end, name="assignment_end"),
    path("<int:pk>/doan-the/them/", views.mass_create, name="mass_create"),
    path("doan-the/<int:mass_id>/sua/", views.mass_edit, name="mass_edit"),
    path("doan-the/<int:mass_id>/xoa/", views.mass_delete, name="mass_delete"),
    path("<int:pk>/phan-quyen/them/", views.role_grant, name="role_grant"),
    path("phan-quyen/<int:ra_id>/thu-hoi/", views.role_revoke, name="role_revoke"),
    path("phan-quyen/nhat-ky/", views.role_log, name="role_log"),
]
