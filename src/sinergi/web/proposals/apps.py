from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "sinergi.web.proposals"
    label = "proposals"
    verbose_name = "Sinkronisasi usulan program"
