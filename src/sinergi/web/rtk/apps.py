from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class RtkConfig(AppConfig):
    name = "sinergi.web.rtk"
    label = "rtk"
    verbose_name = "Rencana Tenaga Kerja"
    nav = [(gettext_lazy("RTK"), "rtk:index", 30)]
