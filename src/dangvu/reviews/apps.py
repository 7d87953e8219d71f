from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class ReviewsConfig(AppConfig):
    name = "dangvu.reviews"
    label = "reviews"
    verbose_name = "Đánh giá, xếp loại"
    manifest = Manifest(
        pages=("danh-gia/", "urls"),
        api={"/reviews": "api:router", "/rulesets": "api:rulesets_router", "/scoring-schemes": "api:schemes_router"},
        menu="nav:items",
        cards="nav:cards",
        worklist="worklist:items",
        demo="demo:load",
    )

    def ready(self):
        from dangvu.organizations.signals import organization_moved

        from .signals import on_organization_moved

        organization_moved.connect(on_organization_moved, dispatch_uid="reviews_organization_moved")
