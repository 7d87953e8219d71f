from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "dangvu.meetings"
    label = "meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self):
        from . import providers  # noqa: F401 (fills its slots in dangvu.core.providers)
