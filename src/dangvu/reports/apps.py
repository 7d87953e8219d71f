from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dangvu.reports"
    label = "reports"
    verbose_name = "Báo cáo, thống kê"
