from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class DuesConfig(AppConfig):
    name = "dangvu.dues"
    label = "dues"
    verbose_name = "Đảng phí"
    manifest = Manifest(
        pages=("dang-phi/", "urls"),
        api={"/dues": "api:router", "/members/{member_id}/dues-basis": "api:basis_router"},
        menu="nav:items",
        cards="nav:cards",
        member_links="nav:member_links",
        worklist="worklist:items",
        demo="demo:load",
        providers="providers",
    )
