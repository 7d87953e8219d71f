from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangvu.members"
    label = "members"
    verbose_name = "Đảng viên"
