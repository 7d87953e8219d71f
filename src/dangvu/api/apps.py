from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dangvu.api"
    label = "api"
    verbose_name = "API"
