from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from gunicorn.app.base import BaseApplication

from dream.commands import DreamCommand
from dream.wsgi import application


class Server(BaseApplication):
    """Gunicorn serving this project's WSGI application with options given here."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Any:
        return application


class Command(DreamCommand):
    help = "Serve the portal, the API and the admin with gunicorn."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="Address and port (default 127.0.0.1:8000).")
        parser.add_argument("--workers", type=int, default=2, help="Worker processes (default 2).")
        parser.add_argument("--threads", type=int, default=4, help="Threads per worker (default 4).")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        self.stdout.write(f"Serving DREAM on http://{options['bind']} (database: {engine})")
        Server(
            {
                "bind": options["bind"],
                "workers": options["workers"],
                "threads": options["threads"],
                "accesslog": "-",
                "timeout": 60,
                # One control socket per user would be shared by every server of that user; none is needed here.
                "control_socket_disable": True,
            }
        ).run()
