"""Recording payments: idempotent, checked, audited, private recipients blanked, tied to their contract's process."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from audit.queries import verify_chain
from contracting.exceptions import InvalidPayment
from contracting.models import ContractingProcess, Payment, ProcessContract
from contracting.services import Outcome, PaymentFacts, record_payment, record_release
from tests.contracting.releases import OCID, PROZORRO_OCID, prozorro_package, release, tender_release

pytestmark = pytest.mark.django_db

# The contract of the real Prozorro release in the shared samples.
PROZORRO_CONTRACT = "0e289fbc1e834723a1087fb9fcb5af35"

FACTS = PaymentFacts(
    source="spending",
    external_id="tx-2025-000123",
    amount=Decimal("68327.00"),
    currency="UAH",
    paid_on=date(2025, 4, 1),
    payer_edrpou="04054903",
    payer_name="  Бучанська міська рада ",
    recipient_edrpou="41234567",
    recipient_name="ТОВ «Будівельник-0»",
    contract_id=" c-1 ",
    purpose="Оплата за капітальний ремонт даху ліцею",
)


def _written() -> tuple[int, int]:
    return Payment.objects.count(), AuditEvent.objects.count()


def _contract_release(cast, contract_id: str = "c-1", status: str = "active", release_id: str = "r-2") -> dict:
    """Return a release of the test process that holds one contract."""
    return tender_release(
        cast.bucha,
        release_id,
        tag=("contract",),
        contracts=[
            {"id": contract_id, "awardID": "a-1", "status": status, "value": {"amount": 68327, "currency": "UAH"}}
        ],
    )


# Outcomes.


def test_a_new_payment_is_created_with_its_facts_and_audited():
    payment, outcome = record_payment(FACTS)

    payment.refresh_from_db()
    assert outcome == Outcome.CREATED
    assert (payment.source, payment.external_id, payment.contract_id) == ("spending", "tx-2025-000123", "c-1")
    assert (payment.amount, payment.currency, payment.paid_on) == (Decimal("68327.00"), "UAH", date(2025, 4, 1))
    assert (payment.payer_edrpou, payment.payer_name) == ("04054903", "Бучанська міська рада")
    assert (payment.recipient_edrpou, payment.recipient_name) == ("41234567", "ТОВ «Будівельник-0»")
    assert payment.process is None
    event = AuditEvent.objects.get(action="contracting.payment_recorded")
    assert (event.object_type, event.object_id, event.before) == ("payment", "spending:tx-2025-000123", None)
    assert event.after["amount"] == "68327.00"
    assert payment.recorded_at == event.occurred_at


def test_the_same_payment_again_changes_nothing():
    first, _ = record_payment(FACTS)
    before = _written()

    again, outcome = record_payment(FACTS)

    assert outcome == Outcome.UNCHANGED
    assert again.pk == first.pk
    assert _written() == before


def test_a_whole_amount_given_without_cents_is_the_same_payment():
    record_payment(FACTS)

    _, outcome = record_payment(replace(FACTS, amount=Decimal(68327)))

    assert outcome == Outcome.UNCHANGED


def test_a_changed_payment_is_replaced_and_the_change_audited():
    first, _ = record_payment(FACTS)

    changed, outcome = record_payment(replace(FACTS, amount=Decimal("70000.50"), purpose="Уточнене призначення"))

    changed.refresh_from_db()
    assert outcome == Outcome.REPLACED
    assert changed.pk == first.pk
    assert (changed.amount, changed.purpose) == (Decimal("70000.50"), "Уточнене призначення")
    assert Payment.objects.count() == 1
    event = AuditEvent.objects.get(action="contracting.payment_changed")
    assert (event.before["amount"], event.after["amount"]) == ("68327.00", "70000.50")
    assert verify_chain().is_whole


def test_the_same_transaction_from_another_source_is_another_payment():
    record_payment(FACTS)

    _, outcome = record_payment(replace(FACTS, source="prozorro"))

    assert outcome == Outcome.CREATED
    assert Payment.objects.count() == 2


# Private persons.


def test_a_private_recipient_is_kept_without_name_or_code_anywhere():
    name = "Іваненко Петро Іванович"

    payment, _ = record_payment(replace(FACTS, recipient_is_private=True, recipient_name=name))

    payment.refresh_from_db()
    assert (payment.recipient_edrpou, payment.recipient_name, payment.recipient_is_private) == ("", "", True)
    event = AuditEvent.objects.get(action="contracting.payment_recorded")
    assert (event.after["recipient_name"], event.after["recipient_edrpou"]) == ("", "")
    assert name not in str(event.after)
    assert "41234567" not in str(event.after)


def test_a_private_recipient_named_again_changes_nothing():
    private = replace(FACTS, recipient_is_private=True, recipient_name="Іваненко Петро Іванович")
    record_payment(private)
    before = _written()

    _, outcome = record_payment(replace(private, recipient_name="Іваненко П. І."))

    assert outcome == Outcome.UNCHANGED
    assert _written() == before


# Refusals.


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": Decimal("100.005")}, "amount", "more than two decimal places"),
        ({"amount": Decimal("-5.00")}, "amount", "must be positive"),
        ({"amount": Decimal(0)}, "amount", "must be positive"),
        ({"amount": Decimal("NaN")}, "amount", "must be positive and finite"),
        ({"amount": Decimal("Infinity")}, "amount", "must be positive and finite"),
        ({"amount": Decimal("1e16")}, "amount", "must be positive and finite"),
        ({"currency": "uah"}, "currency", "is not an ISO 4217 currency code"),
        ({"currency": "UA"}, "currency", "is not an ISO 4217 currency code"),
        ({"currency": "UAHX"}, "currency", "is not an ISO 4217 currency code"),
        ({"currency": ""}, "currency", "is not an ISO 4217 currency code"),
        ({"payer_edrpou": "4054903"}, "payer_edrpou", "is not an EDRPOU code of eight digits"),
        ({"payer_edrpou": "04054903a"}, "payer_edrpou", "is not an EDRPOU code of eight digits"),
        ({"recipient_edrpou": "4123456789"}, "recipient_edrpou", "is not an EDRPOU code of eight digits"),
        ({"recipient_edrpou": "4123456O"}, "recipient_edrpou", "is not an EDRPOU code of eight digits"),
        ({"source": "treasury"}, "source", "is not a source of payments"),
        ({"external_id": "  "}, "external_id", "needs its identifier"),
    ],
)
def test_a_payment_with_a_wrong_field_is_refused_naming_it_and_nothing_is_written(changes, field, message):
    before = _written()

    with pytest.raises(InvalidPayment) as raised:
        record_payment(replace(FACTS, **changes))

    assert raised.value.field == field
    assert raised.value.code == "invalid_payment"
    assert message in raised.value.message
    assert _written() == before


def test_a_refused_change_leaves_the_payment_held_as_it_was():
    payment, _ = record_payment(FACTS)
    before = _written()

    with pytest.raises(InvalidPayment):
        record_payment(replace(FACTS, amount=Decimal(-1)))

    payment.refresh_from_db()
    assert payment.amount == Decimal("68327.00")
    assert _written() == before


# Tying payments to the process of their contract.


def test_a_payment_recorded_after_the_release_holding_its_contract_gets_the_process(cast):
    process = record_release(_contract_release(cast), source="prozorro").release.process

    payment, _ = record_payment(FACTS)

    assert payment.process == process


def test_a_payment_recorded_before_the_release_holding_its_contract_gets_the_process_when_it_comes(cast):
    payment, _ = record_payment(FACTS)
    assert payment.process is None

    process = record_release(_contract_release(cast), source="prozorro").release.process

    payment.refresh_from_db()
    assert payment.process == process
    _, outcome = record_payment(FACTS)
    assert outcome == Outcome.UNCHANGED


def test_a_payment_of_another_contract_is_not_tied(cast):
    record_release(_contract_release(cast), source="prozorro")

    payment, _ = record_payment(replace(FACTS, contract_id="c-2"))

    assert payment.process is None


def test_a_payment_of_the_real_prozorro_contract_finds_its_process_in_either_order():
    waiting, _ = record_payment(replace(FACTS, external_id="before", contract_id=PROZORRO_CONTRACT))

    record_release(prozorro_package()["releases"][0], source="prozorro")
    later, _ = record_payment(replace(FACTS, external_id="after", contract_id=PROZORRO_CONTRACT))

    waiting.refresh_from_db()
    process = ContractingProcess.objects.get(ocid=PROZORRO_OCID)
    assert waiting.process == later.process == process


# Indexing the contracts of a process.


def test_a_release_indexes_each_contract_of_its_process_with_its_status_and_value(cast):
    document = tender_release(
        cast.bucha,
        "r-2",
        contracts=[
            {"id": "c-1", "status": "pending", "value": {"amount": 500000, "currency": "UAH"}},
            {"id": "c-2", "status": "active", "value": {"amount": 450000.5, "currency": "UAH"}},
            {"status": "active"},  # a contract without an id cannot be found by one
        ],
    )

    process = record_release(document, source="prozorro").release.process

    contracts = ProcessContract.objects.filter(process=process).order_by("contract_id")
    assert [(row.contract_id, row.status, row.value_amount, row.value_currency) for row in contracts] == [
        ("c-1", "pending", Decimal("500000.00"), "UAH"),
        ("c-2", "active", Decimal("450000.50"), "UAH"),
    ]


def test_a_later_release_updates_the_contract_as_compiled(cast):
    record_release(_contract_release(cast, status="pending"), source="prozorro")

    record_release(
        release(
            "r-3",
            date="2025-05-01T10:00:00+03:00",
            tag=("contractUpdate",),
            contracts=[{"id": "c-1", "status": "active"}],
        ),
        source="prozorro",
    )

    contract = ProcessContract.objects.get(contract_id="c-1")
    assert (contract.status, contract.value_amount) == ("active", Decimal("68327.00"))
    assert contract.process.ocid == OCID
    assert ProcessContract.objects.count() == 1


# Rules found in review.


def test_a_private_recipient_with_a_tax_number_is_recorded_without_it():
    payment, _ = record_payment(
        replace(FACTS, recipient_edrpou="3012345678", recipient_name="Прізвище Ім'я", recipient_is_private=True)
    )

    payment.refresh_from_db()
    assert (payment.recipient_edrpou, payment.recipient_name, payment.recipient_is_private) == ("", "", True)
    assert "3012345678" not in str(AuditEvent.objects.get(action="contracting.payment_recorded").after)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "ГРН"}, "currency"),
        ({"currency": "U$D"}, "currency"),
        ({"external_id": "x" * 129}, "external_id"),
        ({"contract_id": "c" * 65}, "contract_id"),
    ],
)
def test_a_payment_breaking_a_rule_of_form_is_refused_naming_the_field(change, field):
    before = _written()

    with pytest.raises(InvalidPayment) as refused:
        record_payment(replace(FACTS, **change))

    assert refused.value.field == field
    assert _written() == before


def test_a_payment_moved_to_another_contract_follows_that_contracts_process(cast):
    record_release(_contract_release(cast, contract_id="c-1"), source="prozorro")
    payment, _ = record_payment(FACTS)
    assert payment.process is not None

    moved, outcome = record_payment(replace(FACTS, contract_id="c-unknown"))

    assert outcome == Outcome.REPLACED
    assert (moved.contract_id, moved.process_id) == ("c-unknown", None)
