from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class MeetingsConfig(AppConfig):
    name = "dangvu.meetings"
    label = "meetings"
    verbose_name = "Sinh hoạt chi bộ"
    manifest = Manifest(
        pages=("sinh-hoat/", "urls"),
        api={"/meetings": "api:router"},
        menu="nav:items",
        cards="nav:cards",
        worklist="worklist:items",
        demo="demo:load",
        providers="providers",
    )
