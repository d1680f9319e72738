from django.apps import AppConfig


class IpkConfig(AppConfig):
    name = "sinergi.web.ipk"
    label = "ipk"
    verbose_name = "Indeks Pembangunan Ketenagakerjaan"
