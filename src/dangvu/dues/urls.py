from django.urls import path

from . import views

app_name = "dues"

urlpatterns = [
    path("", views.index, name="index"),
    path("cua-toi/", views.mine, name="mine"),
    path("khong-nop/", views.flags, name="flags"),
    path("bao-cao/", views.report, name="report"),
    path("bien-lai/<int:payment_id>/", views.receipt, name="receipt"),
    path("so-thu/<int:org_id>/<str:month>/", views.sheet, name="sheet"),
    path("so-thu/<int:org_id>/<str:month>/lap-so/", views.generate, name="generate"),
    path("so-thu/<int:org_id>/<str:month>/nop-du/", views.bulk, name="bulk"),
    path("so-thu/<int:org_id>/<str:month>/xlsx/", views.xlsx, name="xlsx"),
    path("so-thu/<int:org_id>/<str:month>/word/", views.word, name="word"),
    path("nop-cap-tren/<int:org_id>/<str:month>/", views.remit, name="remit"),
    path("nop-cap-tren/xac-nhan/<int:pk>/", views.confirm_remit, name="confirm_remit"),
    path("dang-vien/<int:pk>/", views.member, name="member"),
    path("dang-vien/<int:pk>/ly-do/", views.excuse, name="excuse"),
    path("dang-vien/<int:pk>/nop/", views.pay, name="pay"),
    path("dang-vien/<int:pk>/huy/", views.cancel, name="cancel"),
    path("dang-vien/<int:pk>/can-cu/", views.basis, name="basis"),
    path("dang-vien/<int:pk>/can-cu/<int:basis_id>/xac-nhan/", views.confirm, name="confirm"),
    path("dang-vien/<int:pk>/mien-giam/", views.relief, name="relief"),
]
