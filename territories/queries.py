"""Reads of the codifier."""

from django.db.models import QuerySet

from territories.exceptions import UnknownTerritory
from territories.models import CodifierEdition, Territory


def get_territory(code: str) -> Territory:
    """Return the unit with this KATOTTG code, or refuse with a message naming the code."""
    territory = Territory.objects.filter(code=code.strip().upper()).select_related("parent").first()
    if territory is None:
        raise UnknownTerritory(f"{code!r} is not a code of the KATOTTG codifier.", field="territory")
    return territory


def territory_prefix(code_or_prefix: str) -> str:
    """Turn a full KATOTTG code into the prefix shared by everything within it; pass a prefix through."""
    value = code_or_prefix.strip().upper()
    territory = Territory.objects.filter(code=value).only("prefix").first()
    return territory.prefix if territory is not None else value


def ancestors(territory: Territory) -> list[Territory]:
    """Return the units above this one, from the oblast down."""
    chain: list[Territory] = []
    current = territory.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


def search_territories(
    *, query: str = "", category: str = "", parent: str = "", current_only: bool = True
) -> QuerySet[Territory]:
    """Return the units that match a name fragment, a category and a parent."""
    territories = Territory.objects.all()
    if current_only:
        territories = territories.filter(is_current=True)
    if query:
        territories = territories.filter(search_name__contains=query.strip().casefold())
    if category:
        territories = territories.filter(category=category)
    if parent:
        territories = territories.filter(parent_id=parent)
    return territories.order_by("code")


def latest_edition() -> CodifierEdition | None:
    """Return the edition loaded last, if any."""
    return CodifierEdition.objects.order_by("-loaded_at").first()
