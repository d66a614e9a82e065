from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    """The KATOTTG codifier: oblasts, raions, hromadas, settlements and city districts."""

    name = "territories"
    verbose_name = "Territories (KATOTTG)"
