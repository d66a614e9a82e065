"""The calls API: status, code and message together, nothing changed on a refusal, and constant query counts."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from calls import services
from calls.models import Application, BonusPoints, Call
from tests.calls.conftest import make_call, ready_project
from tests.calls.test_services import counts

pytestmark = pytest.mark.django_db


def _post(client, path, payload, headers):
    return client.post(path, json.dumps(payload, default=str), content_type="application/json", headers=headers)


def _call_payload(code="bridges-2026"):
    now = timezone.now()
    return {
        "code": code,
        "name": "Мости 2026",
        "budget_uah": 2000000,
        "opens_at": (now - timedelta(hours=1)).isoformat(),
        "closes_at": (now + timedelta(hours=1)).isoformat(),
        "bonus_per_application": 5,
        "rules": [{"kind": "min_cofinancing_share", "parameter": 10}, {"kind": "in_territory_portfolio"}],
        "criteria": [{"kind": "cofinancing_share", "weight": 100, "min_value": 10, "max_value": 60}],
        "open": True,
    }


def test_an_operator_defines_and_opens_a_call(client, cast, bearer):
    response = _post(client, "/api/v1/calls", _call_payload(), bearer(cast.operator))
    assert response.status_code == 201
    body = response.json()
    assert (body["code"], body["status"], body["budget_uah"]) == ("bridges-2026", "open", 2000000.0)
    assert body["rules"] == [
        {"kind": "min_cofinancing_share", "parameter": 10.0},
        {"kind": "in_territory_portfolio", "parameter": None},
    ]
    assert client.get("/api/v1/calls/bridges-2026").json()["criteria"][0]["weight"] == 100.0
    assert [item["code"] for item in client.get("/api/v1/calls").json()] == ["bridges-2026"]


def test_a_community_editor_cannot_define_a_call(client, cast, bearer):
    headers = bearer(cast.bucha_editor)
    before = counts()
    response = _post(client, "/api/v1/calls", _call_payload(), headers)
    assert response.status_code == 403
    assert response.json() == {"detail": "Only an operator may define a call.", "code": "call_not_allowed"}
    assert counts() == before


def test_writes_need_a_signed_in_caller(client, cast):
    response = _post(client, "/api/v1/calls", _call_payload(), {})
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


def test_an_unknown_call_is_not_found(client, db):
    response = client.get("/api/v1/calls/none")
    assert response.status_code == 404
    assert response.json() == {"detail": "No call has the code 'none'.", "code": "call_not_found"}


def test_a_project_applies_and_an_ineligible_one_is_kept_with_its_reasons(client, cast, bearer, call):
    good = ready_project(cast)
    bad = ready_project(cast, local_share=Decimal(5))
    response = _post(
        client, f"/api/v1/calls/{call.code}/applications", {"project": good.code}, bearer(cast.bucha_editor)
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "eligible"
    assert body["applicant"] == {"edrpou": cast.bucha.edrpou, "name": cast.bucha.name_uk}
    assert [(item["criterion"], item["points"]) for item in body["scores"]] == [
        ("cofinancing_share", 20.0),
        ("implementation_months", 10.0),
        ("readiness", 20.0),
    ]

    response = _post(
        client, f"/api/v1/calls/{call.code}/applications", {"project": bad.code}, bearer(cast.bucha_editor)
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "ineligible"
    assert [check["rule"] for check in body["eligibility"] if not check["passed"]] == ["min_cofinancing_share"]
    assert body["scores"] == []


def test_an_application_after_the_window_is_refused_with_no_change(client, cast, bearer):
    now = timezone.now()
    past = make_call(cast, code="past", opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1))
    project = ready_project(cast)
    headers = bearer(cast.bucha_editor)
    before = counts()
    response = _post(client, f"/api/v1/calls/{past.code}/applications", {"project": project.code}, headers)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "call_closed"
    assert body["detail"].startswith("Call past takes applications from ")
    assert counts() == before


def test_bonus_points_from_another_region_are_refused_with_no_change(client, cast, bearer, call):
    project = ready_project(cast, initiator=cast.lviv)
    application = services.apply(actor=cast.lviv_editor, call=call, project_code=project.code)
    headers = bearer(cast.kyiv_approver)
    before = counts()
    response = _post(
        client,
        f"/api/v1/applications/{application.pk}/bonus",
        {"points": 2, "reason": "Так"},
        headers,
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_your_region"
    assert "lies in oblast UA46" in response.json()["detail"]
    assert counts() == before

    response = _post(
        client,
        f"/api/v1/applications/{application.pk}/bonus",
        {"points": 2, "reason": "ВПО"},
        bearer(cast.lviv_approver),
    )
    assert response.status_code == 201
    assert response.json()["bonuses"] == [
        {
            "points": 2.0,
            "region": {"edrpou": cast.lviv_administration.edrpou, "name": "Львівська ОВА"},
            "reason": "ВПО",
        }
    ]
    assert BonusPoints.objects.count() == 1


def test_bonus_points_above_the_quota_are_refused(client, cast, bearer, call):
    project = ready_project(cast)
    application = services.apply(actor=cast.bucha_editor, call=call, project_code=project.code)
    headers = bearer(cast.kyiv_approver)
    before = counts()
    response = _post(
        client,
        f"/api/v1/applications/{application.pk}/bonus",
        {"points": 6, "reason": "Так"},
        headers,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "bonus_above_quota"
    assert counts() == before


def test_the_commission_decides_publishes_and_anyone_reads_and_recomputes_the_ranking(
    client, cast, bearer, httpserver, capsys
):
    call = make_call(cast)
    applications = [
        services.apply(actor=cast.bucha_editor, call=call, project_code=ready_project(cast, local_share=share).code)
        for share in (Decimal(20), Decimal(40))
    ]
    response = client.get(f"/api/v1/calls/{call.code}/ranking")
    assert (response.status_code, response.json()["code"]) == (404, "ranking_not_published")

    services.close_call(actor=cast.operator, call=call)
    for application in applications:
        response = _post(
            client,
            f"/api/v1/applications/{application.pk}/decision",
            {"decision": "accepted", "reason": "У межах бюджету"},
            bearer(cast.ministry_approver),
        )
        assert response.status_code == 200
        assert response.json()["decision"] == {"decision": "accepted", "reason": "У межах бюджету"}
    response = _post(client, f"/api/v1/calls/{call.code}/publish", {}, bearer(cast.ministry_approver))
    assert response.status_code == 200

    response = client.get(f"/api/v1/calls/{call.code}/ranking")
    assert response.status_code == 200
    body = response.json()
    assert [(line["position"], line["application"], line["total_points"]) for line in body["ranking"]] == [
        (1, applications[1].pk, 60.0),
        (2, applications[0].pk, 40.0),
    ]
    assert body["ranking"][0]["scores"][0] == {
        "criterion": "cofinancing_share",
        "value": 40.0,
        "rule": "0 points at 10 or less, 40 at 50 or more, linear between: 40 × (40 − 10) ÷ (50 − 10) = 30",
        "points": 30.0,
    }
    # Applicants are organisations: no user's name is published.
    assert "bucha-editor" not in response.content.decode()
    assert "ministry-approver" not in response.content.decode()

    httpserver.expect_request(f"/api/v1/calls/{call.code}/ranking").respond_with_data(
        response.content, content_type="application/json"
    )
    call_command("calls", "recompute", call.code, "--from", httpserver.url_for(f"/api/v1/calls/{call.code}/ranking"))
    assert "Agree" in capsys.readouterr().out


@pytest.mark.parametrize("size", [1, 3])
def test_the_applications_list_does_not_grow_in_queries(client, cast, call, django_assert_num_queries, size):
    for _ in range(size):
        services.apply(actor=cast.bucha_editor, call=call, project_code=ready_project(cast).code)
    assert Application.objects.count() == size
    with django_assert_num_queries(7):
        response = client.get(f"/api/v1/calls/{call.code}/applications")
    assert len(response.json()) == size
    assert Call.objects.count() == 1
