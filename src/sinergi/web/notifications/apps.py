from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "sinergi.web.notifications"
    label = "notifications"
    verbose_name = "Notifikasi"
