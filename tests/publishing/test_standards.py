"""The pinned standards: fetched from a mirror and checked by SHA-256, refused when a byte differs."""

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from publishing.pinned import PINNED_FILES
from tests.conftest import SHARED_DIR


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def mirror(tmp_path):
    """Serve a copy of the pinned files on a local port, as a mirror of the standards' site would."""
    folder = tmp_path / "mirror"
    shutil.copytree(SHARED_DIR / "standards", folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_download_fetches_every_pinned_file_and_checks_it(mirror, settings, tmp_path, capsys):
    _, url = mirror
    settings.DREAM_STANDARDS_DIR = tmp_path / "standards"

    call_command("standards", "download", "--mirror", url)

    assert f"Fetched and checked {len(PINNED_FILES)} files" in capsys.readouterr().out
    for standard, path, _ in PINNED_FILES:
        assert (tmp_path / "standards" / standard / path).read_bytes() == (
            SHARED_DIR / "standards" / standard / path
        ).read_bytes()
    call_command("standards", "verify")


def test_download_refuses_a_file_whose_hash_differs(mirror, settings, tmp_path):
    folder, url = mirror
    settings.DREAM_STANDARDS_DIR = tmp_path / "standards"
    schema = folder / "oc4ids" / "project-schema.json"
    schema.write_bytes(schema.read_bytes().replace(b'"minLength": 1', b'"minLength": 0', 1))

    with pytest.raises(CommandError, match=r"project-schema\.json has SHA-256 \w+, not the pinned"):
        call_command("standards", "download", "--mirror", url)
    assert not (tmp_path / "standards" / "oc4ids" / "project-schema.json").exists()


def test_verify_names_a_missing_file(settings, tmp_path):
    settings.DREAM_STANDARDS_DIR = tmp_path / "empty"

    with pytest.raises(CommandError, match="is missing: run `dream standards download`"):
        call_command("standards", "verify")
