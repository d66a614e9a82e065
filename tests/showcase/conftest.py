from tests.donors import donors, everyone  # noqa: F401 - fixtures shared with the conversations tests.
