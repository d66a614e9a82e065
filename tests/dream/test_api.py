"""The API as a whole: its OpenAPI document and its one error shape."""

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_every_router(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/projects", "/api/v1/territories", "/api/v1/organisations"} <= set(paths)


def test_malformed_json_body_is_refused_in_the_common_error_shape(client, cast, bearer):
    response = client.post(
        "/api/v1/projects", "{not json", content_type="application/json", headers=bearer(cast.bucha_editor)
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body", "code": "http_error"}
