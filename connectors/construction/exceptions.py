from connectors.damage.exceptions import InvalidRow


class InvalidConstructionDocument(InvalidRow):
    """A permit or certificate as ЄДЕССБ gives it breaks a rule of the domain."""

    code = "invalid_construction_document"
