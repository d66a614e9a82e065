"""The weight of the public pages: a clerk on a slow connection gets a small page and no script it does not need."""

import gzip
import re

import pytest

from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# A page of the list holds 25 rows; every page stays well below what a slow mobile connection loads in a few seconds.
MOST_HTML_BYTES = 40_000
MOST_GZIPPED_BYTES = 8_000
SCRIPT = re.compile(rb"<script[^>]*\ssrc=\"([^\"]+)\"[^>]*>")
PAGES_WITHOUT_CHARTS = ["/projects/", "/help/", "/showcase/", "/downloads/", "/calls/"]
PAGES_WITH_CHARTS = ["/dashboards/"]


@pytest.fixture
def projects(cast):
    return [ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha) for _ in range(40)]


def _pages(projects) -> list[str]:
    return ["/", "/map/", f"/projects/{projects[0].code}/", *PAGES_WITHOUT_CHARTS, *PAGES_WITH_CHARTS]


@pytest.mark.parametrize("language", ["uk", "en"])
def test_every_main_page_is_small_before_and_after_compression(client, projects, language):
    for path in _pages(projects):
        body = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content

        assert len(body) < MOST_HTML_BYTES, f"{path} is {len(body)} bytes"
        assert len(gzip.compress(body)) < MOST_GZIPPED_BYTES, f"{path} is {len(gzip.compress(body))} bytes gzipped"


def test_a_page_without_charts_loads_no_script_at_all(client, projects):
    for path in PAGES_WITHOUT_CHARTS:
        body = client.get(path).content

        assert SCRIPT.findall(body) == [], path


def test_plotly_is_loaded_deferred_and_only_by_pages_that_draw_a_chart(client, projects):
    for path in PAGES_WITH_CHARTS:
        body = client.get(path).content
        tags = re.findall(rb"<script[^>]*\ssrc=\"[^\"]+\"[^>]*>", body)

        assert any(b"/static-plotly.js" in tag for tag in tags), path
        assert all(b" defer" in tag for tag in tags), f"{path} loads a script that blocks the page: {tags}"
