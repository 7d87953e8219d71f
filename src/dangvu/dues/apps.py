from django.apps import AppConfig

from dangvu.core.plugins import Manifest


class DuesConfig(AppConfig):
    name = "dangvu.dues"
    label = "dues"
    verbose_name = "Đảng phí"
    manifest = Manifest()
