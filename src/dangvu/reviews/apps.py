from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "dangvu.reviews"
    label = "reviews"
    verbose_name = "Đánh giá, xếp loại"

    def ready(self):
        from dangvu.organizations.signals import organization_moved

        from .signals import on_organization_moved

        organization_moved.connect(on_organization_moved, dispatch_uid="reviews_organization_moved")
