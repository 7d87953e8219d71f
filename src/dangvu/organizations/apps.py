from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class OrganizationsConfig(AppConfig):
    name = "dangvu.organizations"
    label = "organizations"
    verbose_name = "Tổ chức đảng"
    manifest = Manifest(
        pages=("to-chuc/", "urls"),
        api={"/organizations": "api:router"},
        providers="providers",
    )
