from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class InspectionsConfig(AppConfig):
    name = "dangvu.inspections"
    label = "inspections"
    verbose_name = "Kiểm tra, giám sát"
    manifest = Manifest(
        pages=("kiem-tra/", "urls"),
        api={
            "/inspections": "api.cases:router",
            "/remedies": "api.remedies:router",
            "/users": "api.users:router",
            "/inspection-programmes": "api.programmes:router",
        },
        menu="nav:items",
        cards="nav:cards",
        worklist="worklist:items",
        demo="demo:load",
        providers="providers",
    )
