from django.apps import AppConfig


class FinanceConfig(AppConfig):
    """The money chain: pledges, commitments, tranches, the official exchange rates, and their reconciliation."""

    name = "finance"
    verbose_name = "Finance"
