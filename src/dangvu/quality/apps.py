from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class QualityConfig(AppConfig):
    name = "dangvu.quality"
    label = "quality"
    verbose_name = "Chất lượng dữ liệu"
    manifest = Manifest(
        pages=("chat-luong-du-lieu/", "urls"),
        api={"/quality": "api:router"},
        menu="nav:items",
        cards="nav:cards",
        demo="demo:load",
        upkeep="upkeep:run",
    )
