"""plotly.js is served from the installed plotly package, for browsers to keep, and never from a CDN."""

import gzip

import plotly
from plotly.offline import get_plotlyjs


def test_plotly_script_is_the_installed_packages_javascript(client, db):
    response = client.get("/static-plotly.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.content == get_plotlyjs().encode()


def test_plotly_script_is_kept_a_year_and_revalidated_by_version(client, db):
    response = client.get("/static-plotly.js")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"] == f'"plotly-{plotly.__version__}"'
    assert "Accept-Encoding" in response["Vary"]


def test_plotly_script_is_gzipped_for_browsers_that_accept_it(client, db):
    response = client.get("/static-plotly.js", headers={"Accept-Encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < len(get_plotlyjs()) / 2
    assert gzip.decompress(response.content) == get_plotlyjs().encode()


def test_plotly_script_answers_not_modified_to_a_browser_holding_it(client, db):
    response = client.get("/static-plotly.js", headers={"If-None-Match": f'"plotly-{plotly.__version__}"'})
    assert response.status_code == 304
    assert response.content == b""


def test_plotly_script_refuses_writes(client, db):
    assert client.post("/static-plotly.js").status_code == 405
