from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sinergi.web.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self):
        from sinergi.web.accounts import signals  # noqa: F401  (connects the login receivers)
