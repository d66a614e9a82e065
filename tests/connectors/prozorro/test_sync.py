"""The sync of Prozorro against a fake serving the real samples: what it records, and that it is idempotent."""

from decimal import Decimal

import pytest

from connectors.models import Quarantined, RawDocument, SyncState
from connectors.prozorro.models import MappedVersion, PlanRecord
from connectors.services import reset_cursor
from contracting.models import ContractingProcess, Payment, ProcessContract, Release
from projects.models import Project
from publishing.standards import ocds_release_package_validator, schema_problems
from tests.connectors.prozorro.fake import sample
from tests.factories import ProjectFactory

TENDER = "tender-aboveThreshold-complete.json"
OCID = "ocds-be6bcu-UA-2027-01-01-000001-a"
PLAN_PROJECT = "DREAM-UA-030524-EE48E08C"


def serve_samples(prozorro):
    """Serve the real samples: the feed pages as they are (next pages on the fake), the documents they name."""
    tenders_page = sample("tenders-feed-page.json")
    contracts_page = sample("contracts-feed-page.json")
    contract = sample("contract-active.json")
    plan = sample("plan-with-katottg-budget.json")
    prozorro.page("tenders", tenders_page["data"])
    for entry in tenders_page["data"]:
        prozorro.document(f"tenders/{entry['id']}", sample(TENDER))
    prozorro.page("contracts", contracts_page["data"])
    prozorro.document(f"contracts/{contracts_page['data'][0]['id']}", contract)
    # The contract's tender is not on the tenders page: the sync fetches it by the contract's tender_id.
    prozorro.document(f"tenders/{contract['data']['tender_id']}", sample(TENDER))
    prozorro.page("plans", [{"id": plan["data"]["id"], "dateModified": plan["data"]["dateModified"]}])
    prozorro.document(f"plans/{plan['data']['id']}", plan)


def release_package(releases):
    return {
        "uri": "https://dream.example/ocds/releases.json",
        "version": "1.1",
        "publishedDate": "2027-02-01T00:00:00Z",
        "publisher": {"name": "DREAM"},
        "releases": releases,
    }


def test_the_sample_tender_becomes_a_contracting_process_with_its_procuring_entity_value_lots_and_awards(
    prozorro, sync
):
    serve_samples(prozorro)

    report = sync()

    assert report.errors == []
    assert report.quarantined == 0
    process = ContractingProcess.objects.get(ocid=OCID)
    assert process.tender_id == "UA-2027-01-01-000001-a"
    assert process.procuring_entity_edrpou == "21725150"
    assert process.value_amount == Decimal("1000.00")
    assert process.value_currency == "UAH"
    tender_release = Release.objects.get(process=process, tags="tender award contract")
    tender = tender_release.document["tender"]
    assert tender["status"] == "complete"
    assert [lot["value"]["amount"] for lot in tender["lots"]] == [500.0, 500.0]
    assert tender["items"][0]["classification"] == {
        "scheme": "CPV",
        "id": "55523100-3",
        "description": "Послуги з харчування у школах",
    }
    assert tender["items"][0]["deliveryAddress"]["locality"] == "м. Київ"
    assert [award["suppliers"][0]["id"] for award in tender_release.document["awards"]] == [
        "UA-EDR-00137256",
        "UA-EDR-00137256",
    ]
    assert len(tender_release.document["bids"]["details"]) == 4  # two bids, each for both lots
    entity = next(p for p in tender_release.document["parties"] if "procuringEntity" in p["roles"])
    assert entity["identifier"] == {
        "scheme": "UA-EDR",
        "id": "21725150",
        "legalName": 'Заклад "Загальноосвітня школа І-ІІІ ступенів № 10 Вінницької міської ради"',
    }
    assert "contactPoint" not in entity


def test_the_sample_contract_becomes_a_release_of_its_tenders_process_with_its_amendment(prozorro, sync):
    serve_samples(prozorro)

    sync()

    process = ContractingProcess.objects.get(ocid=OCID)
    release = Release.objects.get(process=process, tags="contractAmendment")
    contract = release.document["contracts"][0]
    assert contract["id"] == "78fd8d7877d74b0dbc9c605462545e1c"
    assert contract["value"] == {"amount": 280.0, "currency": "UAH"}
    assert contract["amendments"][0]["id"] == "eb794cf51a174e5ab8caa0dd717624a5"
    assert {row.contract_id: row.value_amount for row in ProcessContract.objects.filter(process=process)} == {
        "004df6a5c1684d67b044fafc238a2962": Decimal("500.00"),
        "2bd25ecac7274f6e9f062904741ca519": Decimal("500.00"),
        "78fd8d7877d74b0dbc9c605462545e1c": Decimal("280.00"),
    }


def test_the_sample_plan_is_recorded_with_its_budget_places_and_dream_project_code(prozorro, sync):
    serve_samples(prozorro)

    sync()

    plan = PlanRecord.objects.get(prozorro_id="cccb8928810c4bda97b1eabb9c4c4f9b")
    assert plan.plan_id == "UA-P-2027-01-01-000001-a"
    assert plan.status == "complete"
    assert plan.budget_amount == Decimal("10000.00")
    assert plan.budget_currency == "UAH"
    assert plan.katottg_code_list == ["UA01020030010043419"]
    assert plan.project_code == PLAN_PROJECT
    assert plan.project is None  # no project with that code is held here
    assert plan.tender_prozorro_id == "e7db462b6c17406f8ddda353f082a92a"
    assert plan.raw.body == RawDocument.objects.get(kind="plan").body


def test_every_release_recorded_from_the_samples_is_valid_against_the_ocds_release_schema(prozorro, sync):
    serve_samples(prozorro)

    sync()

    releases = [release.document for release in Release.objects.all()]
    assert len(releases) == 2
    assert schema_problems(ocds_release_package_validator(), release_package(releases)) == []


def test_the_terminated_contract_records_what_was_paid_as_a_payment_and_tags_its_release(prozorro, sync):
    serve_samples(prozorro)
    terminated = sample("contract-terminated.json")
    prozorro.page("contracts", [{"id": terminated["data"]["id"], "dateModified": "2027-01-02T00:00:00+02:00"}])
    prozorro.document(f"contracts/{terminated['data']['id']}", sample("contract-active.json"), terminated)

    report = sync()

    assert report.errors == []
    release = Release.objects.filter(tags="contractTermination").get()
    assert release.document["contracts"][0]["status"] == "terminated"
    assert release.document["contracts"][0]["amendments"][0]["date"] == "2027-01-01T00:00:00+02:00"
    payment = Payment.objects.get()
    assert payment.source == "prozorro"
    assert payment.contract_id == "78fd8d7877d74b0dbc9c605462545e1c"
    assert payment.amount == Decimal("240.00")
    assert payment.process.ocid == OCID
    assert payment.payer_edrpou == "00037257"


def test_the_feeds_cursors_are_kept_at_the_last_page_and_a_second_sync_fetches_nothing(prozorro, sync):
    serve_samples(prozorro)
    sync()
    requests = len(prozorro.requests)

    report = sync()

    assert SyncState.objects.get(system="prozorro").cursor == {
        "tenders": "1.tenders",
        "contracts": "1.contracts",
        "plans": "1.plans",
    }
    assert report.fetched == 0
    assert prozorro.requests[requests:] == ["tenders", "contracts", "plans"]


def test_syncing_everything_again_leaves_the_same_database_as_syncing_once(prozorro, sync, dump):
    serve_samples(prozorro)
    sync()
    once = dump()

    reset_cursor(system="prozorro")
    MappedVersion.objects.all().delete()  # so every document is fetched and recorded again, not skipped
    again = sync()

    assert again.fetched == 5
    assert again.created == again.updated == 0
    assert dump() == {**once, "versions": once["versions"]}


def test_a_plan_naming_a_project_held_here_links_the_plan_and_its_tenders_process(prozorro, sync, cast):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)
    Project.objects.filter(pk=project.pk).update(code=PLAN_PROJECT)
    plan = sample("plan-with-katottg-budget.json")
    tender_id = plan["data"]["tender_id"]
    prozorro.page("tenders", [{"id": tender_id, "dateModified": "2027-01-31T00:00:00+02:00"}])
    prozorro.document(f"tenders/{tender_id}", sample(TENDER))
    prozorro.page("plans", [{"id": plan["data"]["id"], "dateModified": plan["data"]["dateModified"]}])
    prozorro.document(f"plans/{plan['data']['id']}", plan)

    sync()

    assert PlanRecord.objects.get().project.code == PLAN_PROJECT
    assert ContractingProcess.objects.get(ocid=OCID).project.code == PLAN_PROJECT


def test_a_tender_arriving_after_its_plan_is_linked_to_the_plans_project(prozorro, sync, cast):
    project = ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha)
    Project.objects.filter(pk=project.pk).update(code=PLAN_PROJECT)
    plan = sample("plan-with-katottg-budget.json")
    prozorro.page("plans", [{"id": plan["data"]["id"], "dateModified": plan["data"]["dateModified"]}])
    prozorro.document(f"plans/{plan['data']['id']}", plan)
    sync()
    tender_id = plan["data"]["tender_id"]
    prozorro.page("tenders", [{"id": tender_id, "dateModified": "2027-01-31T00:00:00+02:00"}])
    prozorro.document(f"tenders/{tender_id}", sample(TENDER))

    reset_cursor(system="prozorro", feed="tenders")
    sync()

    assert ContractingProcess.objects.get(ocid=OCID).project.code == PLAN_PROJECT


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.pop("tenderID"), "tenderID"),
        (lambda d: d.update(tenderID="2027-000001"), "tenderID"),
        (lambda d: d["value"].update(amount="тисяча"), "value.amount"),
        (lambda d: d.update(value=[1000]), "value"),
        (lambda d: d.update(dateModified="yesterday"), "dateModified"),
        (lambda d: d.pop("procuringEntity"), "procuringEntity"),
        (lambda d: d["lots"][0]["value"].update(currency=None), "The currency at lots[0].value"),
    ],
)
def test_a_tender_that_cannot_be_mapped_is_quarantined_with_the_reason_and_the_others_are_recorded(
    prozorro, sync, change, reason
):
    broken = sample(TENDER)
    change(broken["data"])
    good = sample(TENDER)
    prozorro.page("tenders", [{"id": "a" * 32, "dateModified": "1"}, {"id": "b" * 32, "dateModified": "2"}])
    prozorro.document(f"tenders/{'a' * 32}", broken)
    prozorro.document(f"tenders/{'b' * 32}", good)

    report = sync()

    assert report.errors == []
    assert (report.created, report.quarantined) == (1, 1)
    held = Quarantined.objects.get()
    assert held.external_id == "a" * 32
    assert reason in held.reason
    assert ContractingProcess.objects.filter(ocid=OCID).exists()
    assert not RawDocument.objects.filter(external_id="a" * 32).exists()
    assert SyncState.objects.get().cursor["tenders"] == "1.tenders"


def test_a_quarantined_tender_is_released_when_a_later_version_maps(prozorro, sync):
    broken = sample(TENDER)
    broken["data"].pop("tenderID")
    prozorro.page("tenders", [{"id": "a" * 32, "dateModified": "1"}])
    prozorro.page("tenders", [{"id": "a" * 32, "dateModified": "2"}])
    prozorro.document(f"tenders/{'a' * 32}", broken, sample(TENDER))

    report = sync()

    assert (report.quarantined, report.created) == (1, 1)
    assert Quarantined.objects.get().resolved_at is not None


def test_the_transactions_of_a_contract_are_recorded_as_payments_a_private_payee_without_identity(prozorro, sync):
    serve_samples(prozorro)
    contract = sample("contract-active.json")
    contract["data"]["implementation"] = {
        "transactions": [
            {
                "id": "0f4e4b2a-tx-1",
                "date": "2027-01-20T10:00:00+02:00",
                "value": {"amount": 100.5, "currency": "UAH"},
                "payer": {"name": "ДУС", "identifier": {"scheme": "UA-EDR", "id": "00037257"}},
                "payee": {"name": "ФОП Коваль Андрій", "identifier": {"scheme": "UA-EDR", "id": "3012345678"}},
            },
            {
                "id": "0f4e4b2a-tx-2",
                "date": "2027-01-25T10:00:00+02:00",
                "value": {"amount": 79.5, "currency": "UAH"},
                "payer": {"name": "ДУС", "identifier": {"scheme": "UA-EDR", "id": "00037257"}},
                "payee": {"name": "ТОВ «Постачальник»", "identifier": {"scheme": "UA-EDR", "id": "21725150"}},
            },
        ]
    }
    prozorro.document(f"contracts/{contract['data']['id']}", contract)

    report = sync()

    assert report.errors == []
    payments = {payment.external_id: payment for payment in Payment.objects.all()}
    assert set(payments) == {"0f4e4b2a-tx-1", "0f4e4b2a-tx-2"}
    private = payments["0f4e4b2a-tx-1"]
    assert (private.recipient_is_private, private.recipient_edrpou, private.recipient_name) == (True, "", "")
    assert private.amount == Decimal("100.50")
    assert private.process.ocid == OCID
    assert payments["0f4e4b2a-tx-2"].recipient_edrpou == "21725150"
    release = Release.objects.get(tags="contractAmendment implementation").document
    assert len(release["contracts"][0]["implementation"]["transactions"]) == 2
    assert "3012345678" not in str(release)
    assert schema_problems(ocds_release_package_validator(), release_package([release])) == []
