from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class ImportsConfig(AppConfig):
    name = "dangvu.imports"
    label = "imports"
    verbose_name = "Nhập dữ liệu"
    manifest = Manifest(
        pages=("nhap-du-lieu/", "urls"),
        api={"/imports": "api:router"},
        menu="nav:items",
        upkeep="upkeep:run",
    )
