from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "dangvu.organizations"
    label = "organizations"
    verbose_name = "Tổ chức đảng"

    def ready(self):
        from . import providers  # noqa: F401 (fills its slots in dangvu.core.providers)
