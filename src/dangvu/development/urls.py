from django.urls import path

from . import views

app_name = "development"

urlpatterns = [
    path("", views.index, name="index"),
    path("them/", views.create, name="create"),
    path("chi-tieu/", views.targets, name="targets"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/buoc/", views.step, name="step"),
    path("<int:pk>/ket-nap/", views.admit, name="admit"),
    path("<int:pk>/ho-so/", views.dossier, name="dossier"),
    path("<int:pk>/tep/<int:att_id>/", views.attachment, name="attachment"),
]
