from django.urls import path

from . import views

app_name = "congresses"
urlpatterns = [
    path("", views.index, name="index"),
    path("them/", views.create, name="create"),
    path("den-han/", views.due, name="due"),
    path("khuyet/", views.vacancies, name="vacancies"),
    path("to-chuc/<int:org_id>/", views.panel, name="panel"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/ket-qua/", views.result, name="result"),
    path("<int:pk>/phieu-bau/", views.votes, name="votes"),
    path("<int:pk>/chi-dinh-bi-thu/", views.appoint, name="appoint"),
]
