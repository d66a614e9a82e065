from connectors.exceptions import ConnectorError, Unmappable


class ExportError(ConnectorError):
    """Base of the errors of importing a register's export file."""

    code = "export_error"


class UnreadableExport(ExportError):
    """The file cannot be read as an export at all (its format, its header): nothing of it is imported."""

    code = "unreadable_export"


class InvalidRow(Unmappable):
    """A cell of a row breaks its column's rule; ``field`` names the column. The row goes to the quarantine."""

    code = "invalid_row"


class InvalidAsset(InvalidRow):
    """A damaged asset as the register gives it breaks a rule of the domain."""

    code = "invalid_damaged_asset"
