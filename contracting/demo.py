"""Demonstration contracting processes: a project's works procured, awarded, contracted and paid, as OCDS releases.

Each release goes through record_release, as a connector's would. A process has a few releases: the open tender for
the works, its award, the signed contract, on some an amendment of the contract's value, and the payments made so far
(all of them, and the contract's end, once the project is commissioned; part of them when it was terminated).
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from stdnum.ua import rntrc

from contracting.codes import ReleaseSource
from contracting.exceptions import ContractingError
from contracting.models import ContractingProcess
from contracting.services import record_release
from parties.models import Organisation, OrganisationKind
from projects.codes import CostItem, Phase, StatusDetail
from projects.models import Project

KYIV = ZoneInfo("Europe/Kyiv")
CONTRACTED_STATES = frozenset({StatusDetail.IMPLEMENTATION, StatusDetail.COMMISSIONED, StatusDetail.TERMINATED})
AMENDED_SHARE = 0.3
# Small works go to a sole trader now and then; their personal data is in the releases as Prozorro would send it.
SOLE_TRADER_CEILING = Decimal(5_000_000)
SOLE_TRADER_SHARE = 0.25
SOLE_TRADERS = (
    ("Коваленко", "Олег", "Петрович"),
    ("Бондар", "Ірина", "Василівна"),
    ("Ткаченко", "Андрій", "Миколайович"),
    ("Мельник", "Наталія", "Іванівна"),
)
# The ДК 021:2015 (CPV) class of the works, by the project's WB-ECO sector.
WORKS_CLASSES = {
    "ES": ("45214000-0", "Будівництво будівель навчальних закладів та дослідницьких установ"),
    "EC": ("45214000-0", "Будівництво будівель навчальних закладів та дослідницьких установ"),
    "HQ": ("45215000-7", "Будівництво будівель медичних закладів і закладів соціального забезпечення"),
    "TI": ("45221000-2", "Будівництво мостів і тунелів, шахт і метрополітенів"),
    "TC": ("45233000-9", "Будівництво, влаштовування фундаменту та покриття шосе і доріг"),
    "WC": ("45232150-8", "Будівництво водопровідних магістралей"),
    "LT": ("45331000-6", "Монтаж систем опалення, вентиляції та кондиціонування повітря"),
    "YH": ("45211000-9", "Будівництво багатоквартирних житлових будинків та індивідуальних будинків"),
    "LU": ("45261215-4", "Покривальні роботи з монтажу сонячних панелей"),
}
REPAIR_CLASS = ("45453000-7", "Капітальний ремонт і реставрація")


@dataclass(frozen=True)
class _Party:
    """A party of the demonstration releases: its full entry and the reference other fields make to it."""

    entry: dict[str, Any]

    @property
    def reference(self) -> dict[str, str]:
        return {"id": self.entry["id"], "name": self.entry["name"]}


def _hex(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _moment(rng: random.Random, day: date) -> datetime:
    """Return a time in office hours on a day, in Kyiv, as Prozorro dates its documents."""
    seconds = rng.randrange(9 * 3600, 18 * 3600)
    return datetime.combine(day, time(), tzinfo=KYIV) + timedelta(seconds=seconds, microseconds=rng.randrange(10**6))


def _text(moment: datetime) -> str:
    return moment.isoformat()


def _money(amount: Decimal) -> dict[str, Any]:
    return {"amount": float(amount), "currency": "UAH"}


def _procuring_entity(project: Project) -> _Party:
    initiator = project.initiator
    entry: dict[str, Any] = {
        "id": f"UA-EDR-{initiator.edrpou}",
        "name": initiator.name_uk,
        "identifier": {"scheme": "UA-EDR", "id": initiator.edrpou, "legalName": initiator.name_uk},
        "address": {"countryName": "Україна"},
        "roles": ["buyer", "procuringEntity"],
    }
    if initiator.territory is not None:
        entry["address"]["locality"] = initiator.territory.name_uk
    return _Party(entry)


def _contractor(organisation: Organisation) -> _Party:
    return _Party(
        {
            "id": f"UA-EDR-{organisation.edrpou}",
            "name": organisation.name_uk,
            "identifier": {"scheme": "UA-EDR", "id": organisation.edrpou, "legalName": organisation.name_uk},
            "address": {"countryName": "Україна"},
            "details": {"scale": "sme"},
            "roles": ["supplier", "tenderer"],
        }
    )


def _sole_trader(rng: random.Random, locality: str) -> _Party:
    """Return a sole trader as Prozorro describes one: a person's name, tax number, home address and phone."""
    surname, name, patronymic = rng.choice(SOLE_TRADERS)
    base = f"{rng.randrange(2_000_000_00, 3_999_999_99):09d}"
    tax_number = base + rntrc.calc_check_digit(base)
    full_name = f"ФОП {surname} {name} {patronymic}"
    return _Party(
        {
            "id": f"UA-EDR-{tax_number}",
            "name": full_name,
            "identifier": {
                "scheme": "UA-EDR",
                "id": tax_number,
                "legalName": f"ФІЗИЧНА ОСОБА-ПІДПРИЄМЕЦЬ {surname.upper()} {name.upper()} {patronymic.upper()}",
            },
            "address": {
                "streetAddress": f"вул. Садова, {rng.randint(1, 60)}, кв. {rng.randint(1, 90)}",
                "locality": locality,
                "countryName": "Україна",
            },
            "contactPoint": {"name": f"{surname} {name}", "telephone": f"+38067{rng.randrange(10**7):07d}"},
            "details": {"scale": "micro"},
            "roles": ["supplier", "tenderer"],
        }
    )


def _new_tender_id(rng: random.Random, day: date) -> str:
    """Return a Prozorro tender id of the day that no recorded process has yet."""
    while True:
        tender_id = f"UA-{day:%Y-%m-%d}-{rng.randrange(1, 10**6):06d}-{rng.choice('abc')}"
        if not ContractingProcess.objects.filter(ocid=settings.DREAM_OCDS_PREFIX + tender_id).exists():
            return tender_id


def _phase_dates(project: Project) -> tuple[date, date, date | None]:
    """Return when procurement starts, when the works are planned to end, and when they ended, if they did."""
    phases = {phase.phase: phase for phase in project.phases.all()}
    works = phases.get(Phase.IMPLEMENTATION)
    procurement = phases.get(Phase.PROCUREMENT)
    if procurement is not None:
        starts = procurement.actual_start or procurement.planned_start
    elif works is not None:
        starts = (works.actual_start or works.planned_start) - timedelta(days=60)
    else:
        starts = project.registered_on + timedelta(days=120)
    planned_end = works.planned_end if works is not None else starts + timedelta(days=365)
    return starts, planned_end, works.actual_end if works is not None else None


def _works_budget(project: Project) -> Decimal:
    lines = project.budget_lines.filter(cost_item=CostItem.CONSTRUCTION).values_list("amount", flat=True)
    return sum(lines, Decimal(0)) or project.estimated_cost_uah or Decimal(1_000_000)


def record_demo_process(project: Project, rng: random.Random) -> ContractingProcess:
    """Record the releases of the contracting process for the works of a project that has started them."""
    project.refresh_from_db(fields=["status", "status_details"])
    if project.status_details not in CONTRACTED_STATES:
        raise ContractingError(
            f"Project {project.code} is {project.status}:{project.status_details}; only a project whose works have "
            "started (implementation, commissioned or terminated) has a contracting process."
        )
    procurement_starts, works_end, works_ended = _phase_dates(project)
    budget = _works_budget(project)
    buyer = _procuring_entity(project)
    tender_day = procurement_starts + timedelta(days=rng.randint(3, 20))
    ocid = settings.DREAM_OCDS_PREFIX + _new_tender_id(rng, tender_day)
    releases = _Releases(ocid=ocid, rng=rng, buyer=buyer)

    # The open tender, its value the works' line of the budget.
    tender_value = (budget * Decimal(rng.randint(950, 1000)) / 1000).quantize(Decimal(1))
    tendered = _moment(rng, tender_day)
    tender_ends = tendered + timedelta(days=rng.randint(15, 30))
    tender = releases.tender(project, tender_value, tendered, tender_ends)
    record_release(tender, source=ReleaseSource.DEMO, project_code=project.code)

    # The award to the best bid, and the contract signed a few days later.
    locality = buyer.entry["address"].get("locality", "")
    if tender_value < SOLE_TRADER_CEILING and rng.random() < SOLE_TRADER_SHARE:
        supplier = _sole_trader(rng, locality)
    else:
        contractors = list(Organisation.objects.filter(kind=OrganisationKind.CONTRACTOR).order_by("edrpou"))
        if not contractors:
            raise ContractingError("No contractor is registered: register organisations of kind contractor first.")
        supplier = _contractor(rng.choice(contractors))
    price = (tender_value * Decimal(rng.randint(850, 990)) / 1000).quantize(Decimal("0.01"))
    awarded = _moment(rng, (tender_ends + timedelta(days=rng.randint(3, 12))).date())
    signed = _moment(rng, (awarded + timedelta(days=rng.randint(5, 15))).date())
    contract_end = max(works_end, signed.date() + timedelta(days=90))
    record_release(releases.award(supplier, price, awarded, rng.randint(1, 5)), source=ReleaseSource.DEMO)
    record_release(releases.contract(project, price, signed, contract_end), source=ReleaseSource.DEMO)

    # Some contracts are amended: the estimate is revised for the prices of materials.
    latest = signed
    if rng.random() < AMENDED_SHARE:
        price = (price * Decimal(rng.randint(1020, 1090)) / 1000).quantize(Decimal("0.01"))
        latest = signed + timedelta(days=rng.randint(30, 90))
        record_release(releases.amendment(price, latest), source=ReleaseSource.DEMO)

    # Payments: an advance, then interim payments; all of it once commissioned, part of it when terminated.
    shares = {
        StatusDetail.IMPLEMENTATION: (Decimal("0.3"), Decimal("0.25"), Decimal("0.2"))[: rng.randint(1, 3)],
        StatusDetail.COMMISSIONED: (Decimal("0.3"), Decimal("0.4"), Decimal("0.3")),
        StatusDetail.TERMINATED: (Decimal("0.3"), Decimal("0.15")),
    }[StatusDetail(project.status_details)]
    payments, paid = [], signed
    for share in shares:
        paid = _moment(rng, (paid + timedelta(days=rng.randint(20, 75))).date())
        payments.append((paid, (price * share).quantize(Decimal("0.01"))))
    if project.status_details == StatusDetail.COMMISSIONED:
        # The last payment settles the contract to the kopiyka, on the day the works ended.
        final_day = max(works_ended or paid.date(), payments[-2][0].date() + timedelta(days=1))
        payments[-1] = (_moment(rng, final_day), price - sum(amount for _, amount in payments[:-1]))
    closed = project.status_details != StatusDetail.IMPLEMENTATION
    reported = max(payments[-1][0], latest) + timedelta(days=rng.randint(1, 5))
    implementation = releases.implementation(supplier, payments, reported, closed=closed)
    return record_release(implementation, source=ReleaseSource.DEMO).release.process


class _Releases:
    """Writes the releases of one demonstration process, keeping the ids they share."""

    def __init__(self, *, ocid: str, rng: random.Random, buyer: _Party) -> None:
        self.ocid = ocid
        self.rng = rng
        self.buyer = buyer
        self.tender_id = self.new_id()
        self.award_id = self.new_id()
        self.contract_id = self.new_id()

    def new_id(self) -> str:
        """Return a new identifier in Prozorro's form: 32 hexadecimal digits."""
        return _hex(self.rng)

    def _release(self, moment: datetime, tags: list[str], **sections: Any) -> dict[str, Any]:
        return {
            "ocid": self.ocid,
            "id": self.new_id(),
            "date": _text(moment),
            "tag": tags,
            "initiationType": "tender",
            "language": "uk",
            **sections,
        }

    def tender(self, project: Project, value: Decimal, opens: datetime, closes: datetime) -> dict[str, Any]:
        """Return the release that announces the open tender for the works."""
        scheme_id, description = WORKS_CLASSES.get(project.sector, REPAIR_CLASS)
        return self._release(
            opens,
            ["tender"],
            parties=[self.buyer.entry],
            buyer=self.buyer.reference,
            tender={
                "id": self.tender_id,
                "title": project.title_uk,
                "description": project.description_uk,
                "status": "active",
                "procuringEntity": self.buyer.reference,
                "value": _money(value),
                "procurementMethod": "open",
                "procurementMethodDetails": "Відкриті торги з особливостями",
                "mainProcurementCategory": "works",
                "items": [
                    {
                        "id": self.new_id(),
                        "description": project.title_uk,
                        "classification": {"scheme": "ДК021", "id": scheme_id, "description": description},
                        "quantity": 1,
                        "unit": {"scheme": "UNCEFACT", "id": "E48", "name": "послуга"},
                    }
                ],
                "tenderPeriod": {"startDate": _text(opens), "endDate": _text(closes)},
            },
        )

    def award(self, supplier: _Party, price: Decimal, moment: datetime, tenderers: int) -> dict[str, Any]:
        """Return the release that awards the works to the supplier."""
        return self._release(
            moment,
            ["award"],
            parties=[supplier.entry],
            tender={"id": self.tender_id, "numberOfTenderers": tenderers},
            awards=[
                {
                    "id": self.award_id,
                    "status": "active",
                    "date": _text(moment),
                    "value": _money(price),
                    "suppliers": [supplier.reference],
                }
            ],
        )

    def contract(self, project: Project, price: Decimal, signed: datetime, ends: date) -> dict[str, Any]:
        """Return the release of the signed contract."""
        return self._release(
            signed,
            ["contract"],
            tender={"id": self.tender_id, "status": "complete"},
            contracts=[
                {
                    "id": self.contract_id,
                    "awardID": self.award_id,
                    "title": project.title_uk,
                    "status": "active",
                    "value": _money(price),
                    "dateSigned": _text(signed),
                    "period": {"startDate": _text(signed), "endDate": _text(datetime.combine(ends, time(), KYIV))},
                }
            ],
        )

    def amendment(self, price: Decimal, moment: datetime) -> dict[str, Any]:
        """Return the release that amends the contract's value."""
        return self._release(
            moment,
            ["contractAmendment"],
            contracts=[
                {
                    "id": self.contract_id,
                    "awardID": self.award_id,
                    "value": _money(price),
                    "amendments": [
                        {
                            "id": self.new_id(),
                            "date": _text(moment),
                            "rationale": "Коригування договірної ціни у зв'язку зі зміною цін на будівельні матеріали",
                        }
                    ],
                }
            ],
        )

    def implementation(
        self, supplier: _Party, payments: list[tuple[datetime, Decimal]], moment: datetime, *, closed: bool
    ) -> dict[str, Any]:
        """Return the release of the payments made, and of the contract's end if it has ended."""
        contract: dict[str, Any] = {
            "id": self.contract_id,
            "awardID": self.award_id,
            "implementation": {
                "transactions": [
                    {
                        "id": f"{self.contract_id}-{number}",
                        "date": _text(paid),
                        "value": _money(amount),
                        "payer": self.buyer.reference,
                        "payee": supplier.reference,
                    }
                    for number, (paid, amount) in enumerate(payments, start=1)
                ]
            },
        }
        if closed:
            contract["status"] = "terminated"
        return self._release(
            moment, ["implementation", "contractTermination"] if closed else ["implementation"], contracts=[contract]
        )
