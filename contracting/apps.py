from django.apps import AppConfig


class ContractingConfig(AppConfig):
    """Contracting processes (Prozorro tenders, contracts, plans) and their OCDS releases."""

    name = "contracting"
    verbose_name = "Contracting"
