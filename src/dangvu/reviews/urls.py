from django.urls import path

from . import exports, grid, views

app_name = "reviews"
urlpatterns = [
    path("", views.index, name="index"),
    path("thang-diem/", views.schemes, name="schemes"),
    path("so-sanh/<int:org_id>/", views.compare, name="compare"),
    path("<int:pk>/", views.cycle_detail, name="cycle"),
    path("<int:pk>/ket-thuc/", views.cycle_close, name="close"),
    path("<int:pk>/thang-diem/", views.cycle_scheme, name="cycle_scheme"),
    path("<int:pk>/doi-tuong/", views.subject_list, name="subjects"),
    path("<int:pk>/nhap-ket-qua/", grid.stage_grid, name="grid"),
    path("<int:pk>/nhom/them/", views.role_group_add, name="role_group_add"),
    path("<int:pk>/nhom/xep/", views.role_group_assign, name="role_group_assign"),
    path("<int:pk>/doi-tuong/<int:sid>/", views.subject_detail, name="subject"),
    path("<int:pk>/doi-tuong/<int:sid>/ban-kiem-diem.docx", exports.individual_docx, name="individual_docx"),
    path("<int:pk>/xuat-excel/", exports.cycle_xlsx, name="xlsx"),
    path("<int:pk>/mau-01.docx", exports.collective_docx, name="collective_docx"),
]
