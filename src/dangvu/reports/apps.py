from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class ReportsConfig(AppConfig):
    name = "dangvu.reports"
    label = "reports"
    verbose_name = "Báo cáo"
    manifest = Manifest(
        pages=("bao-cao/", "urls"),
        api={"/reports": "api:router"},
        menu="nav:items",
        providers="providers",
        demo="demo:load",
    )
