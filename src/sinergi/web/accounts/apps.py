from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sinergi.web.accounts"
    label = "accounts"
    verbose_name = "Akun"
