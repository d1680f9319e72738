from django.apps import AppConfig


class RtkConfig(AppConfig):
    name = "sinergi.web.rtk"
    label = "rtk"
    verbose_name = "Rencana Tenaga Kerja"
