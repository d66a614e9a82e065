"""Signing in with id.gov.ua end to end, against a local fake of the provider."""

import logging

import pytest
from django.db import models

from accounts.identity import rnokpp_digest
from accounts.models import User
from audit.models import AuditEvent
from tests.connectors.idgovua.conftest import (
    CLIENT_ID,
    CLIENT_SECRET,
    INVALID_RNOKPP,
    OTHER_RNOKPP,
    RNOKPP,
    come_back,
    go_to_provider,
    query_of,
    sign_in,
)

pytestmark = pytest.mark.django_db


def _signed_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_start_sends_the_browser_to_id_gov_ua_with_the_query_it_documents(client, provider):
    location = go_to_provider(client)
    query = query_of(location)
    assert location.startswith(f"{provider.base_url}/?")
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert query["auth_type"] == "dig_sign,bank_id,diia_id"
    assert query["redirect_uri"] == "http://localhost/accounts/idgovua/callback/"
    assert query["state"] == client.session["idgovua_sign_in"]["state"]
    assert len(query["state"]) >= 32


def test_new_person_gets_an_account_and_is_signed_in(client, provider):
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/cabinet/"
    user = _signed_in_user(client)
    assert user is not None
    assert user.username.startswith("id-")
    assert (user.first_name, user.last_name, user.email) == ("Оксана", "Коваленко", "oksana.kovalenko@example.org")
    assert user.rnokpp_digest == rnokpp_digest(RNOKPP)
    assert not user.has_usable_password()
    assert provider.calls == {"authorize": 1, "token": 1, "user_info": 1}


def test_sign_up_and_sign_in_are_audit_events_that_are_not_public(client, provider):
    sign_in(client)
    user = _signed_in_user(client)
    events = AuditEvent.objects.filter(object_type="user", object_id=str(user.pk))
    actions = list(events.values_list("action", flat=True))
    assert "accounts.signed_up_with_idgovua" in actions
    assert "accounts.signed_in_with_idgovua" in actions
    assert not events.filter(is_public=True).exists()


def _text_values(model: type[models.Model]) -> list[str]:
    names = [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
    ]
    return [str(value) for row in model.objects.values_list(*names) for value in row]


def test_the_tax_number_is_nowhere_in_clear_in_users_or_the_audit_log(client, provider):
    sign_in(client)
    stored = _text_values(User) + _text_values(AuditEvent)
    assert any(rnokpp_digest(RNOKPP) in value for value in stored)
    assert not [value for value in stored if RNOKPP in value]


def test_the_same_person_signs_in_again_to_the_same_account(client, provider):
    sign_in(client)
    first = _signed_in_user(client)
    client.logout()

    sign_in(client)
    assert _signed_in_user(client) == first
    assert User.objects.filter(username__startswith="id-").count() == 1
    assert AuditEvent.objects.filter(action="accounts.signed_in_with_idgovua", actor=first).count() == 2
    assert AuditEvent.objects.filter(action="accounts.signed_up_with_idgovua").count() == 1


def test_another_person_gets_another_account(client, provider):
    sign_in(client)
    first = _signed_in_user(client)
    client.logout()
    provider.person["drfocode"] = OTHER_RNOKPP

    sign_in(client)
    second = _signed_in_user(client)
    assert second != first
    assert second.rnokpp_digest == rnokpp_digest(OTHER_RNOKPP)


def test_sign_in_returns_to_the_page_the_person_came_from(client, provider):
    response = client.get("/accounts/idgovua/start/", {"next": "/downloads/"})
    response = client.get(come_back(response["Location"]))
    assert response["Location"] == "/downloads/"


def test_sign_in_never_returns_to_another_site(client, provider):
    response = client.get("/accounts/idgovua/start/", {"next": "https://evil.example/"})
    response = client.get(come_back(response["Location"]))
    assert response["Location"] == "/cabinet/"


@pytest.mark.parametrize("rnokpp", [INVALID_RNOKPP, "12345", ""], ids=["check digit", "too short", "missing"])
def test_an_invalid_tax_number_refuses_the_sign_in_and_saves_nothing(client, provider, rnokpp):
    provider.person["drfocode"] = rnokpp
    users_before = User.objects.count()
    events_before = AuditEvent.objects.count()

    response = sign_in(client)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-code="invalid_rnokpp"' in page
    assert "РНОКПП" in page
    assert _signed_in_user(client) is None
    assert User.objects.count() == users_before
    assert AuditEvent.objects.count() == events_before


def test_a_wrong_state_is_refused_before_the_provider_is_asked(client, provider):
    callback = come_back(go_to_provider(client))
    tampered = callback.replace("state=", "state=x")

    response = client.get(tampered)
    assert response.status_code == 400
    assert 'data-code="sign_in_state_mismatch"' in response.content.decode()
    assert provider.calls["token"] == 0
    assert _signed_in_user(client) is None
    assert not User.objects.filter(username__startswith="id-").exists()


def test_a_state_is_used_once(client, provider):
    callback = come_back(go_to_provider(client))
    assert client.get(callback).status_code == 302
    client.logout()

    response = client.get(callback)
    assert response.status_code == 400
    assert 'data-code="sign_in_state_mismatch"' in response.content.decode()
    assert provider.calls["token"] == 1


def test_a_callback_no_browser_started_is_refused(client, provider):
    response = client.get("/accounts/idgovua/callback/", {"code": "anything", "state": "guessed"})
    assert response.status_code == 400
    assert 'data-code="sign_in_state_mismatch"' in response.content.decode()
    assert provider.calls["token"] == 0


def test_an_expired_state_is_refused(client, provider, monkeypatch):
    callback = come_back(go_to_provider(client))
    session = client.session
    session["idgovua_sign_in"]["issued_at"] -= 16 * 60
    session.save()

    response = client.get(callback)
    assert response.status_code == 400
    assert provider.calls["token"] == 0


def test_a_cancelled_sign_in_says_so_and_creates_nothing(client, provider):
    state = query_of(go_to_provider(client))["state"]
    response = client.get(
        "/accounts/idgovua/callback/", {"error": "access_denied", "error_description": "cancelled", "state": state}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-code="sign_in_cancelled"' in page
    assert "скасовано" in page
    assert provider.calls["token"] == 0
    assert _signed_in_user(client) is None
    # The cancelled sign-in's state cannot be used afterwards either.
    assert "idgovua_sign_in" not in client.session


def test_the_provider_answering_500_is_asked_again_until_it_answers(client, provider):
    provider.token_failures = [500, 503]
    response = sign_in(client)
    assert response.status_code == 302
    assert provider.calls["token"] == 3
    assert _signed_in_user(client) is not None


def test_the_provider_down_shows_a_clear_page_and_creates_no_user(client, provider):
    provider.token_failures = [503, 503, 503]
    response = sign_in(client)
    assert response.status_code == 503
    page = response.content.decode()
    assert 'data-code="idgovua_unavailable"' in page
    assert "id.gov.ua не відповідає" in page
    assert provider.calls["token"] == 3
    assert not User.objects.filter(username__startswith="id-").exists()


def test_the_provider_failing_after_the_token_creates_no_user(client, provider):
    provider.user_info_status = 502
    response = sign_in(client)
    assert response.status_code == 503
    assert provider.calls["user_info"] == 3
    assert not User.objects.filter(username__startswith="id-").exists()


def test_an_unreachable_provider_shows_the_same_page(client, provider, settings):
    callback = come_back(go_to_provider(client))
    settings.DREAM_IDGOVUA = {**settings.DREAM_IDGOVUA, "base_url": "http://127.0.0.1:9"}
    response = client.get(callback)
    assert response.status_code == 503
    assert 'data-code="idgovua_unavailable"' in response.content.decode()


def test_a_code_the_provider_refuses_says_to_start_again_and_creates_no_user(client, provider, settings):
    settings.DREAM_IDGOVUA = {**settings.DREAM_IDGOVUA, "client_secret": "wrong-secret"}
    response = sign_in(client)
    assert response.status_code == 400
    assert 'data-code="idgovua_refused"' in response.content.decode()
    # A refusal is not a fault worth asking again about.
    assert provider.calls["token"] == 1
    assert not User.objects.filter(username__startswith="id-").exists()


def test_a_switched_off_account_is_refused(client, provider):
    sign_in(client)
    user = _signed_in_user(client)
    client.logout()
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = sign_in(client)
    assert response.status_code == 403
    assert 'data-code="account_disabled"' in response.content.decode()
    assert _signed_in_user(client) is None


def test_the_client_secret_and_token_stay_out_of_the_log(client, provider, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="httpx")  # Quiet by default; an operator may turn it up.
    provider.token_failures = [503, 503, 503]
    sign_in(client)
    provider.token_failures = []
    sign_in(client)
    # The fake provider's own server log is the provider's side, not ours.
    ours = "\n".join(record.getMessage() for record in caplog.records if record.name != "werkzeug")
    assert "get-access-token" in ours
    assert "get-user-info" in ours
    assert CLIENT_SECRET not in ours
    assert "access-token-9c2e51" not in ours


def test_start_is_not_found_when_no_client_id_is_set(client, provider, settings):
    settings.DREAM_IDGOVUA = {**settings.DREAM_IDGOVUA, "client_id": ""}
    assert client.get("/accounts/idgovua/start/").status_code == 404
