from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-in, users and API tokens."""

    name = "accounts"
    verbose_name = "Accounts"
