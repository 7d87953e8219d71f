from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_jobs

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("viec-can-lam/", views.work_list, name="worklist"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("cong-viec/", views_jobs.job_list, name="jobs"),
    path("cong-viec/<int:job_id>/", views_jobs.job_detail, name="job"),
    path("cong-viec/<int:job_id>/tai-ve/", views_jobs.job_file, name="job_file"),
    path("cong-viec/<int:job_id>/chay-lai/", views_jobs.job_restart, name="job_restart"),
]
