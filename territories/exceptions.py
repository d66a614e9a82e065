from dream.errors import DreamError, InvalidInput


class TerritoryError(DreamError):
    """Base of the territories' errors."""

    code = "territory_error"


class UnknownTerritory(InvalidInput):
    """A KATOTTG code names no unit of the loaded codifier."""

    code = "unknown_territory"


class CodifierFileError(TerritoryError):
    """A codifier file cannot be read as a KATOTTG edition."""

    code = "codifier_file_invalid"
