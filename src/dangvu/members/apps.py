from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class MembersConfig(AppConfig):
    name = "dangvu.members"
    label = "members"
    verbose_name = "Đảng viên"
    manifest = Manifest(
        pages=("dang-vien/", "urls"),
        api={"/members": "api:router"},
        providers="providers",
        worklist="worklist:items",
        demo="demo:load",
        upkeep="upkeep:run",
    )
