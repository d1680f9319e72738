from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sinergi.web.audit"
    label = "audit"
    verbose_name = "Jejak audit"

    def ready(self):
        # django.contrib.admin is earlier in INSTALLED_APPS, so every admin.py has registered by now
        from sinergi.web.audit.admin_mixins import audit_every_admin

        audit_every_admin()
