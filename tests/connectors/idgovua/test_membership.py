"""Requests to join the organisation of the signing key: offered at sign-in, decided by its administrators."""

import pytest

from audit.models import AuditEvent
from connectors.idgovua.exceptions import NotAnAdministrator, ReasonRequired, RequestAlreadyDecided
from connectors.idgovua.models import MembershipRequest
from connectors.idgovua.queries import DEFAULT_ROLES, default_role
from connectors.idgovua.services import approve_membership_request, refuse_membership_request, request_membership
from parties.models import Membership, Organisation, OrganisationKind, Role
from tests.connectors.idgovua.conftest import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(cast):
    """A request of a new person to join Bucha's council, as an editor."""
    return request_membership(
        user=UserFactory(username="newcomer"), organisation=cast.bucha, role=Role.COMMUNITY_EDITOR
    )


def test_a_key_of_a_registered_organisation_asks_to_join_it(client, provider, cast):
    provider.person["edrpoucode"] = cast.bucha.edrpou
    provider.person["o"] = cast.bucha.name_uk

    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/idgovua/requests/mine/"
    waiting = MembershipRequest.objects.get()
    assert waiting.organisation == cast.bucha
    assert waiting.role == Role.COMMUNITY_EDITOR
    assert waiting.status == "pending"
    assert not Membership.objects.filter(user=waiting.user).exists()
    event = AuditEvent.objects.get(action="idgovua.membership_requested")
    assert not event.is_public

    page = client.get(response["Location"]).content.decode()
    assert f"Ваш запит на приєднання до {cast.bucha.name_uk} очікує рішення" in page


def test_signing_in_again_does_not_ask_twice(client, provider, cast):
    provider.person["edrpoucode"] = cast.bucha.edrpou
    sign_in(client)
    client.logout()
    sign_in(client)
    assert MembershipRequest.objects.count() == 1


def test_a_key_of_an_unknown_organisation_offers_nothing(client, provider, cast):
    provider.person["edrpoucode"] = "14360570"
    response = sign_in(client)
    assert response["Location"] == "/cabinet/"
    assert not MembershipRequest.objects.exists()


def test_a_refusal_is_not_asked_again_at_the_next_sign_in(client, provider, cast):
    provider.person["edrpoucode"] = cast.bucha.edrpou
    sign_in(client)
    refuse_membership_request(actor=cast.bucha_editor, request_id=MembershipRequest.objects.get().pk, reason="Не наш")
    client.logout()

    response = sign_in(client)
    assert response["Location"] == "/cabinet/"
    assert MembershipRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (OrganisationKind.COMMUNITY, Role.COMMUNITY_EDITOR),
        (OrganisationKind.MUNICIPAL_ENTERPRISE, Role.COMMUNITY_EDITOR),
        (OrganisationKind.REGIONAL_ADMINISTRATION, Role.REGIONAL_APPROVER),
        (OrganisationKind.MINISTRY, Role.MINISTRY_APPROVER),
        (OrganisationKind.AGENCY, Role.AUDITOR),
        (OrganisationKind.DONOR, Role.DONOR),
        (OrganisationKind.INVESTOR, Role.DONOR),
        (OrganisationKind.CONTRACTOR, None),
        (OrganisationKind.STATE_ENTERPRISE, None),
    ],
)
def test_the_role_asked_for_follows_the_kind_of_organisation(kind, role):
    assert default_role(Organisation(kind=kind)) == role


def test_no_kind_ever_asks_to_be_an_operator():
    assert Role.OPERATOR not in DEFAULT_ROLES.values()


def test_a_member_of_the_organisation_approves_and_the_role_is_granted(waiting, cast):
    decided = approve_membership_request(actor=cast.bucha_editor, request_id=waiting.pk)
    assert decided.status == "approved"
    assert decided.decided_by == cast.bucha_editor
    assert decided.decided_at is not None
    assert Membership.objects.filter(user=waiting.user, organisation=cast.bucha, role=Role.COMMUNITY_EDITOR).exists()
    event = AuditEvent.objects.get(action="idgovua.membership_request_approved")
    assert event.object_id == str(waiting.pk)
    assert not event.is_public


def test_an_operator_approves_requests_of_any_organisation(waiting, cast):
    approve_membership_request(actor=cast.operator, request_id=waiting.pk)
    assert Membership.objects.filter(user=waiting.user, organisation=cast.bucha).exists()


def test_a_member_of_another_organisation_may_not_decide(waiting, cast):
    with pytest.raises(NotAnAdministrator):
        approve_membership_request(actor=cast.lviv_editor, request_id=waiting.pk)
    waiting.refresh_from_db()
    assert waiting.status == "pending"
    assert not Membership.objects.filter(user=waiting.user).exists()


def test_nobody_decides_their_own_request(cast):
    own = request_membership(user=cast.bucha_editor, organisation=cast.bucha, role=Role.COMMUNITY_EDITOR)
    with pytest.raises(NotAnAdministrator):
        approve_membership_request(actor=cast.bucha_editor, request_id=own.pk)


def test_a_refusal_needs_a_reason(waiting, cast):
    with pytest.raises(ReasonRequired):
        refuse_membership_request(actor=cast.bucha_editor, request_id=waiting.pk, reason="  ")
    waiting.refresh_from_db()
    assert waiting.status == "pending"

    refuse_membership_request(actor=cast.bucha_editor, request_id=waiting.pk, reason="Не працює в раді")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reason) == ("refused", "Не працює в раді")
    assert not Membership.objects.filter(user=waiting.user).exists()
    assert AuditEvent.objects.get(action="idgovua.membership_request_refused").comment == "Не працює в раді"


def test_a_decided_request_is_not_decided_again(waiting, cast):
    approve_membership_request(actor=cast.bucha_editor, request_id=waiting.pk)
    with pytest.raises(RequestAlreadyDecided):
        refuse_membership_request(actor=cast.operator, request_id=waiting.pk, reason="Пізно")


# The API.


def test_the_list_shows_the_requests_of_the_callers_organisations(client, bearer, waiting, cast):
    other = request_membership(user=UserFactory(), organisation=cast.lviv, role=Role.COMMUNITY_EDITOR)

    bucha = client.get("/api/v1/membership-requests", headers=bearer(cast.bucha_editor)).json()
    assert [item["id"] for item in bucha] == [waiting.pk]
    assert bucha[0]["organisation_edrpou"] == cast.bucha.edrpou
    assert bucha[0]["role"] == "community_editor"
    operator = client.get("/api/v1/membership-requests", headers=bearer(cast.operator)).json()
    assert {item["id"] for item in operator} == {waiting.pk, other.pk}


def test_the_list_costs_the_same_queries_for_many_requests(client, bearer, cast, django_assert_num_queries):
    headers = bearer(cast.bucha_editor)
    for number in range(5):
        request_membership(user=UserFactory(username=f"n{number}"), organisation=cast.bucha, role="community_editor")
    # The token, its last use, the operator check and the requests with their users and organisations.
    with django_assert_num_queries(4):
        response = client.get("/api/v1/membership-requests", headers=headers)
    assert len(response.json()) == 5


def test_the_list_needs_a_signed_in_caller(client, waiting):
    response = client.get("/api/v1/membership-requests")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_approve_through_the_api_grants_the_role(client, bearer, waiting, cast):
    response = client.post(f"/api/v1/membership-requests/{waiting.pk}/approve", headers=bearer(cast.bucha_editor))
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert Membership.objects.filter(user=waiting.user, organisation=cast.bucha).exists()


def test_approve_through_the_api_by_a_stranger_is_forbidden(client, bearer, waiting, cast):
    response = client.post(f"/api/v1/membership-requests/{waiting.pk}/approve", headers=bearer(cast.lviv_editor))
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "not_an_administrator"
    assert cast.bucha.edrpou in body["detail"]


def test_refuse_through_the_api_without_a_reason_is_refused(client, bearer, waiting, cast):
    headers = bearer(cast.bucha_editor)
    url = f"/api/v1/membership-requests/{waiting.pk}/refuse"
    response = client.post(url, {"reason": ""}, content_type="application/json", headers=headers)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Say why the request is refused; the person will read it.",
        "code": "reason_required",
        "field": "reason",
    }

    response = client.post(url, {"reason": "Не працює в раді"}, content_type="application/json", headers=headers)
    assert response.status_code == 200
    assert response.json()["reason"] == "Не працює в раді"


def test_deciding_an_unknown_request_is_not_found(client, bearer, cast):
    response = client.post("/api/v1/membership-requests/999999/approve", headers=bearer(cast.operator))
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_membership_request"


def test_deciding_twice_through_the_api_is_a_conflict(client, bearer, waiting, cast):
    headers = bearer(cast.bucha_editor)
    client.post(f"/api/v1/membership-requests/{waiting.pk}/approve", headers=headers)
    response = client.post(f"/api/v1/membership-requests/{waiting.pk}/approve", headers=headers)
    assert response.status_code == 409
    assert response.json()["code"] == "membership_request_decided"


# The pages.


def test_the_administrators_page_lists_requests_with_their_forms(client, waiting, cast):
    client.force_login(cast.bucha_editor)
    page = client.get("/accounts/idgovua/requests/").content.decode()
    assert "Запити на приєднання до ваших організацій" in page
    assert f"/accounts/idgovua/requests/{waiting.pk}/approve/" in page
    assert f"/accounts/idgovua/requests/{waiting.pk}/refuse/" in page


def test_a_stranger_sees_no_requests_and_cannot_approve_from_the_page(client, waiting, cast):
    client.force_login(cast.lviv_editor)
    assert "Жоден запит не очікує вашого рішення." in client.get("/accounts/idgovua/requests/").content.decode()
    response = client.post(f"/accounts/idgovua/requests/{waiting.pk}/approve/")
    assert response.status_code == 403
    assert "Про приєднання до організації вирішують лише її члени або оператори" in response.content.decode()
    assert not Membership.objects.filter(user=waiting.user).exists()


def test_approving_from_the_page_grants_the_role(client, waiting, cast):
    client.force_login(cast.bucha_editor)
    response = client.post(f"/accounts/idgovua/requests/{waiting.pk}/approve/", follow=True)
    assert response.status_code == 200
    assert "тепер має запитану роль" in response.content.decode()
    assert Membership.objects.filter(user=waiting.user, organisation=cast.bucha).exists()


def test_refusing_from_the_page_without_a_reason_says_what_to_fix(client, waiting, cast):
    client.force_login(cast.bucha_editor)
    response = client.post(f"/accounts/idgovua/requests/{waiting.pk}/refuse/", {"reason": ""})
    assert response.status_code == 400
    assert "Вкажіть причину відмови" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "pending"


def test_the_person_reads_the_refusal_and_its_reason(client, waiting, cast):
    refuse_membership_request(actor=cast.bucha_editor, request_id=waiting.pk, reason="Не працює в раді")
    client.force_login(waiting.user)
    page = client.get("/accounts/idgovua/requests/mine/").content.decode()
    assert f"У вашому запиті на приєднання до {cast.bucha.name_uk} відмовлено: Не працює в раді" in page


def test_the_pages_ask_anonymous_visitors_to_sign_in(client, waiting):
    response = client.get("/accounts/idgovua/requests/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
