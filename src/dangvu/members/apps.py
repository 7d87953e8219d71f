from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangvu.members"
    label = "members"
    verbose_name = "Đảng viên"

    def ready(self):
        from . import providers  # noqa: F401 (fills its slots in dangvu.core.providers)
