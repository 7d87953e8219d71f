from django.urls import path

from dangvu.organizations import pickers

from . import views, views_deadlines

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("xuat-excel/", views.member_export, name="export"),
    path("them/", views.member_create, name="create"),
    path("chon/", pickers.member_pick_page, name="pick"),
    path("hop-nhat-to-chuc/<int:source_id>/", views.organization_merge, name="merge"),
    path("den-han-chinh-thuc/", views_deadlines.confirmation_due, name="confirmation_due"),
    path("giay-gioi-thieu-chua-nop/", views_deadlines.letters_open, name="letters_open"),
    path("sinh-hoat-tam-thoi/", views_deadlines.temporary_list, name="temporary_list"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/ho-so-chinh-thuc/", views_deadlines.confirmation_forms, name="confirmation_forms"),
    path("<int:pk>/ho-so-chinh-thuc/tep/<int:att_id>/", views_deadlines.confirmation_form_file,
         name="confirmation_form_file"),
    path("<int:pk>/tam-thoi/", views_deadlines.temporary_start, name="temporary_start"),
    path("<int:pk>/tam-thoi/<int:tt_id>/tro-ve/", views_deadlines.temporary_return, name="temporary_return"),
    path("<int:pk>/giay-gioi-thieu/<int:letter_id>/nop/", views_deadlines.letter_present, name="letter_present"),
    path("<int:pk>/sua/", views.member_edit, name="edit"),
    path("<int:pk>/<slug:action>/", views.member_action, name="action"),
]
