from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class IpkConfig(AppConfig):
    name = "sinergi.web.ipk"
    label = "ipk"
    verbose_name = "Indeks Pembangunan Ketenagakerjaan"
    nav = [(gettext_lazy("IPK"), "ipk:overview", 20)]
