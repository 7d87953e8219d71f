from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.index, name="index"),
    path("doi-mat-khau/", views.password, name="password"),
    path("tao-hang-loat/", views.bulk, name="bulk"),
    path("mat-khau-ban-dau.xlsx", views.passwords_xlsx, name="passwords_xlsx"),
    path("dang-vien/<int:member_id>/tao/", views.create_for_member, name="create_for_member"),
    path("<int:user_id>/", views.detail, name="detail"),
    path("<int:user_id>/dat-lai-mat-khau/", views.reset, name="reset"),
    path("<int:user_id>/khoa-mo/", views.toggle, name="toggle"),
    path("<int:user_id>/phan-quyen/", views.grant, name="grant"),
    path("<int:user_id>/phan-quyen/<int:ra_id>/thu-hoi/", views.revoke, name="revoke"),
]
