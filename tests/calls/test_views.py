"""The public pages of calls: the list, a call's rules, criteria and applications, and its ranking."""

from decimal import Decimal

import pytest

from calls import services
from tests.calls.conftest import ready_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(cast, call):
    good = services.apply(actor=cast.bucha_editor, call=call, project_code=ready_project(cast).code)
    bad = services.apply(
        actor=cast.bucha_editor, call=call, project_code=ready_project(cast, local_share=Decimal(5)).code
    )
    return good, bad


def test_the_list_shows_each_call(client, call):
    response = client.get("/calls/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Відновлення шкіл 2026" in page
    assert "<h1>Конкурси фінансування</h1>" in page
    assert 'href="/calls/schools-2026/"' in page
    assert "5\xa0000\xa0000,00" in page  # Ukrainian first: a no-break space between thousands, a decimal comma.


def test_a_calls_page_shows_its_rules_criteria_and_each_application_with_its_reasons(client, call, applied):
    response = client.get("/calls/schools-2026/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "min_cofinancing_share" in page
    assert "Умови допуску" in page
    assert "in_territory_portfolio" in page
    assert "implementation_months" in page
    assert applied[0].project.code in page
    assert "The local budget pays 5 % of the estimated cost; the call needs at least 10 %." in page
    assert "Ranking published" not in page


def test_the_ranking_page_waits_for_publication(client, call, applied):
    assert client.get("/calls/schools-2026/ranking/").status_code == 404


def test_the_ranking_page_shows_every_score_and_its_explanation(client, cast, call, applied):
    services.close_call(actor=cast.operator, call=call)
    services.decide(actor=cast.ministry_approver, application=applied[0], decision="accepted", reason="Підтримати")
    services.publish_ranking(actor=cast.ministry_approver, call=call)
    response = client.get("/calls/schools-2026/ranking/")
    assert response.status_code == 200
    page = response.content.decode()
    assert applied[0].project.code in page
    assert "40 × (30 − 10) ÷ (50 − 10) = 20" in page
    assert "<strong>50,00</strong>" in page
    assert "Підтримати" in page
    assert "dream calls recompute schools-2026" in page
    # The ineligible application is listed with the rule it failed.
    assert applied[1].project.code in page


def test_an_unknown_call_has_no_page(client, db):
    assert client.get("/calls/nothing/").status_code == 404
