from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dangvu.core"
    label = "core"
    verbose_name = "Hệ thống"

    def ready(self):
        # Every app's manifest is resolved here, once every model is loaded: a missing or broken piece stops the
        # start-up (ImproperlyConfigured naming the app and the piece) instead of a page or route quietly missing.
        from . import plugins

        plugins.registry()
