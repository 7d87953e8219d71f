from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class DisciplineConfig(AppConfig):
    name = "dangvu.discipline"
    label = "discipline"
    verbose_name = "Kỷ luật, khiếu nại, tố cáo"
    manifest = Manifest(
        pages=("ky-luat/", "urls"),
        api={"/disciplines": "api:disciplines", "/denunciations": "api:denunciations", "/complaints": "api:complaints"},
        menu="nav:items",
        cards="nav:cards",
        member_links="nav:member_links",
        worklist="worklist:items",
        demo="demo:load",
        providers="providers",
    )
