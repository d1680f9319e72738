from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ProposalsConfig(AppConfig):
    name = "sinergi.web.proposals"
    label = "proposals"
    verbose_name = "Sinkronisasi usulan program"
    nav = [(gettext_lazy("Sinkronisasi"), "proposals:index", 40)]
