import json
from typing import Any

from dream.api import api
from dream.commands import DreamCommand


class Command(DreamCommand):
    help = "Print the API's OpenAPI document; docs/openapi.json is this output, and CI checks that it has not drifted."

    def handle(self, *args: Any, **options: Any) -> None:
        schema = api.get_openapi_schema(path_prefix="/api/v1/")
        self.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True))
