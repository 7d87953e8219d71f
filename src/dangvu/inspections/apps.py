from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "dangvu.inspections"
    label = "inspections"
    verbose_name = "Kiểm tra, giám sát"

    def ready(self):
        from . import providers  # noqa: F401 (fills its slots in dangvu.core.providers)
