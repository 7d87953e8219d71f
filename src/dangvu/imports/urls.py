from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("mau/<str:kind>.xlsx", views.template, name="template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tien-do/", views.progress, name="progress"),
    path("<int:pk>/ghep-cot/", views.mapping, name="mapping"),
    path("<int:pk>/luu-mau/", views.save_template, name="save_template"),
    path("<int:pk>/ghi/", views.apply, name="apply"),
    path("<int:pk>/chon/", views.decide, name="decide"),
    path("<int:pk>/xoa/", views.discard, name="discard"),
    path("<int:pk>/dong-bi-tu-choi.xlsx", views.refused, name="refused"),
]
