"""Names of the bulk files that the portal lists, kept apart from the writers and their heavy libraries."""

MANIFEST = "manifest.json"
