from django.urls import path

from dangvu.organizations import pickers

from . import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("xuat-excel/", views.member_export, name="export"),
    path("them/", views.member_create, name="create"),
    path("chon/", pickers.member_pick_page, name="pick"),
    path("hop-nhat-to-chuc/<int:source_id>/", views.organization_merge, name="merge"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/sua/", views.member_edit, name="edit"),
    path("<int:pk>/<slug:action>/", views.member_action, name="action"),
]
