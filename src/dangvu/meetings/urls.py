from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("them/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/huy/", views.cancel, name="cancel"),
    path("<int:pk>/gui-giay-moi/", views.invite, name="invite"),
    path("<int:pk>/tai-lieu/", views.materials, name="materials"),
    path("<int:pk>/tai-lieu/<int:att_id>/", views.material, name="material"),
    path("<int:pk>/diem-danh/", views.attendance, name="attendance"),
    path("<int:pk>/bien-ban/", views.minutes, name="minutes"),
    path("<int:pk>/dinh-chinh/", views.amend, name="amend"),
    path("du-sinh-hoat/", views.visits, name="visits"),
    path("du-sinh-hoat/<int:visit_id>/xoa/", views.visit_delete, name="visit_delete"),
    path("vang-sinh-hoat/", views.absences, name="absences"),
    path("so-bien-ban/", views.book, name="book"),
]
