from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "sinergi.web.statistics"
    label = "statistics"
    verbose_name = "Statistik"
