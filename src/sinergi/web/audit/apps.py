from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sinergi.web.audit"
    label = "audit"
    verbose_name = "Jejak audit"
