from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class CongressesConfig(AppConfig):
    name = "dangvu.congresses"
    label = "congresses"
    verbose_name = "Đại hội, nhiệm kỳ"
    manifest = Manifest(
        pages=("dai-hoi/", "urls"),
        api={"/congresses": "api:router"},
        menu="nav:items",
        cards="nav:cards",
        worklist="worklist:items",
        demo="demo:load",
    )
