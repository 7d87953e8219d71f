from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class DocumentsConfig(AppConfig):
    name = "dangvu.documents"
    label = "documents"
    verbose_name = "Văn bản"
    manifest = Manifest(
        pages=("van-ban/", "urls"),
        api={"/documents": "api:documents_router", "/inbox": "api:inbox_router", "/citations": "api:citations_router"},
        menu="nav:items",
        cards="nav:cards",
        worklist="worklist:items",
        demo="demo:load",
    )
