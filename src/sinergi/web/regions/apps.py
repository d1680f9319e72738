from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "sinergi.web.regions"
    label = "regions"
    verbose_name = "Wilayah"
