from django.apps import AppConfig


class DisciplineConfig(AppConfig):
    name = "dangvu.discipline"
    label = "discipline"
    verbose_name = "Kỷ luật, khiếu nại, tố cáo"

    def ready(self):
        from . import providers  # noqa: F401 (fills its slots in dangvu.core.providers)
