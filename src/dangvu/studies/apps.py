from django.apps import AppConfig


class StudiesConfig(AppConfig):
    name = "dangvu.studies"
    label = "studies"
    verbose_name = "Học tập, bồi dưỡng lý luận"
