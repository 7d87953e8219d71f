from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class DevelopmentConfig(AppConfig):
    name = "dangvu.development"
    label = "development"
    verbose_name = "Phát triển đảng viên"
    manifest = Manifest(
        pages=("phat-trien-dang-vien/", "urls"),
        api={"/prospects": "api:router", "/development-targets": "api:targets_router"},
        menu="nav:items",
        worklist="worklist:items",
        demo="demo:load",
    )
