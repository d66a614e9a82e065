"""Benchmark the open-data publication at a given scale, beside the Open Contracting tools on the same data.

For every scale N the run generates, from a seed, N OC4IDS projects shaped as ``publishing.oc4ids`` maps them and N
OCDS releases (N/5 Prozorro contracting processes of five releases each), writes them once as JSON Lines, and then
measures each side in a process of its own, so that its wall time and peak memory are its own:

- validating every project: DREAM (jsonschema-rs and the codelists) beside ``jsonschema`` (Draft 4, formats
  checked), and beside ``libcoveoc4ids`` checking the whole package as the Data Review Tool does;
- publishing every bulk file: DREAM's writer (package JSON, JSON Lines, CSV, XLSX and Parquet, each project validated
  and each file sealed) beside ``jsonschema`` and ``flattentool`` (package JSON, CSV and XLSX);
- compiling OCDS records: DREAM (ocdsmerge-rs with the pinned release schema's merge rules) beside ``ocdsmerge``,
  whose compiled releases must be identical.

Both sides read the same bytes, resolve every schema from the pinned standards folder and run with the network
refused. The ratios read "times faster" and "times less memory": the reference's figure divided by DREAM's, taken in
the same run, so they hold on a noisy machine where absolute times do not.

Run ``.venv/bin/python bench/publish.py --help`` for the options; ``bench/README.md`` explains the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import importlib.util
import itertools
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import orjson

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("DREAM_SHARED_DIR", REPOSITORY.parent / "shared"))
STANDARDS_DIR = SHARED_DIR / "standards"

DEFAULT_SCALES = (10_000, 50_000)
SEED = 1
RELEASES_PER_PROCESS = 5
WORKER_TIMEOUT_S = 6 * 3600
STOP_TIMEOUT_S = 10
# The reference tools this benchmark measures DREAM beside, by module, with the package pip installs.
REFERENCE_TOOLS = {
    "jsonschema": "jsonschema",
    "flattentool": "flattentool",
    "ocdsmerge": "ocdsmerge",
    "libcoveoc4ids": "libcoveoc4ids",
}
# Where libcoveoc4ids looks for the schema and the codelists; served here from the pinned standards folder.
OC4IDS_SCHEMA_HOST = "https://standard.open-contracting.org/infrastructure/schema/0__9__5/"
OC4IDS_CODELISTS_URL = (
    "https://raw.githubusercontent.com/open-contracting/infrastructure/0.9/schema/project-level/codelists/"
)
PROZORRO_OCID_PREFIX = "ocds-be6bcu-"
KYIV = ZoneInfo("Europe/Kyiv")


class BenchmarkError(Exception):
    """A step of the benchmark could not be carried out; the message says which and what to do."""


# -- The data: OC4IDS projects and OCDS releases, generated from a seed ------------------------------------------

# Real KATOTTG codes of cities, two in each oblast, with their names.
CITIES = (
    ("UA05060050010030599", "Жмеринка"),
    ("UA05020170010087489", "Немирів"),
    ("UA07080010010043939", "Берестечко"),
    ("UA07080210010079720", "Олика"),
    ("UA12020210010051215", "Підгородне"),
    ("UA12040030010058766", "Верхівцеве"),
    ("UA14120130010079249", "Миколаївка"),
    ("UA14020130010015598", "Часів Яр"),
    ("UA18040610010066897", "Чуднів"),
    ("UA18060190010064821", "Олевськ"),
    ("UA21020030010083215", "Берегове"),
    ("UA21100270010071297", "Чоп"),
    ("UA23040090010050034", "Дніпрорудне"),
    ("UA23020050010019935", "Бердянськ"),
    ("UA26040090010078723", "Галич"),
    ("UA26060010010092713", "Болехів"),
    ("UA32080090010037585", "Вишневе"),
    ("UA32020010010081183", "Біла Церква"),
    ("UA35040110010034377", "Долинська"),
    ("UA35020050010071459", "Гайворон"),
    ("UA44140110010014704", "Старобільськ"),
    ("UA44120010020096222", "Золоте"),
    ("UA46020090010062870", "Трускавець"),
    ("UA46120090010078401", "Радехів"),
    ("UA48020150010063715", "Новий Буг"),
    ("UA48040070010053688", "Вознесенськ"),
    ("UA51140130010040641", "Роздільна"),
    ("UA51040010010048834", "Білгород-Дністровський"),
    ("UA53080110010062221", "Карлівка"),
    ("UA53020010010016768", "Глобине"),
    ("UA56060030010049126", "Березне"),
    ("UA56020030010034121", "Вараш"),
    ("UA59080070010055315", "Ворожба"),
    ("UA59100130010040668", "Середина-Буда"),
    ("UA61040030010016917", "Бережани"),
    ("UA61040470010037126", "Теребовля"),
    ("UA63120270010096107", "Харків"),
    ("UA63040090010029555", "Ізюм"),
    ("UA65100150010064384", "Херсон"),
    ("UA65040010010040633", "Генічеськ"),
    ("UA68060170010043609", "Нетішин"),
    ("UA68040150010024820", "Деражня"),
    ("UA71060090010092249", "Жашків"),
    ("UA71020130010081908", "Звенигородка"),
    ("UA73060490010033552", "Сторожинець"),
    ("UA73060610010033137", "Чернівці"),
    ("UA74040070010013105", "Борзна"),
    ("UA74040050010084586", "Бобровиця"),
)
DONORS = (
    "Європейський інвестиційний банк",
    "Європейський банк реконструкції та розвитку",
    "Міжнародний банк реконструкції та розвитку",
    "Японське агентство міжнародного співробітництва",
    "Північна екологічна фінансова корпорація",
)
STREETS = ("вул. Шевченка", "вул. Грушевського", "вул. Незалежності", "просп. Миру", "вул. Соборна", "вул. Садова")
# The works of a project, by WB-ECO sector: Ukrainian title, English title, description, project type and the
# ДК 021:2015 class its tender buys.
PROJECT_WORKS = (
    ("ES", "Капітальний ремонт ліцею № {n}", "Major repair of lyceum No. {n}", "rehabilitation", "45214000-0"),
    (
        "EC",
        "Будівництво закладу дошкільної освіти № {n}",
        "Construction of kindergarten No. {n}",
        "construction",
        "45214000-0",
    ),
    (
        "HQ",
        "Реконструкція приймального відділення лікарні № {n}",
        "Reconstruction of the emergency department of hospital No. {n}",
        "rehabilitation",
        "45215000-7",
    ),
    (
        "TI",
        "Відновлення мосту на автодорозі місцевого значення О-{n}",
        "Restoration of the bridge on local road O-{n}",
        "rehabilitation",
        "45221000-2",
    ),
    (
        "TC",
        "Капітальний ремонт вулично-дорожньої мережі, ділянка {n}",
        "Major repair of the street network, section {n}",
        "rehabilitation",
        "45233000-9",
    ),
    (
        "WC",
        "Реконструкція водогону, черга {n}",
        "Reconstruction of the water main, stage {n}",
        "replacement",
        "45232150-8",
    ),
    (
        "LT",
        "Модернізація котельні № {n} з переходом на біопаливо",
        "Modernisation of boiler house No. {n} for biofuel",
        "replacement",
        "45331000-6",
    ),
    (
        "YH",
        "Будівництво житла для внутрішньо переміщених осіб, будинок {n}",
        "Housing for internally displaced people, building {n}",
        "construction",
        "45211000-9",
    ),
    (
        "LU",
        "Встановлення сонячної електростанції на даху школи № {n}",
        "Rooftop solar plant on school No. {n}",
        "equipment",
        "45261215-4",
    ),
    (
        "WB",
        "Розширення полігону твердих побутових відходів, карта {n}",
        "Expansion of the landfill, cell {n}",
        "expansion",
        "45222110-3",
    ),
    (
        "SA",
        "Облаштування центру надання соціальних послуг № {n}",
        "Fitting out social services centre No. {n}",
        "rehabilitation",
        "45453000-7",
    ),
)
PLANNED_PHASES = ("identification", "scoping", "budgeting", "procurement", "implementation", "commissioning")
MAIN_LINE = (
    "begin_definition",
    "complete_definition",
    "submit_for_appraisal",
    "appraise",
    "begin_structuring",
    "complete_structuring",
    "apply_for_funding",
    "approve",
    "start_implementation",
    "complete",
)
# How far along the main line of decisions each status detail is, and how many phases it has actually ended.
PROGRESS = {
    "initiated": (0, 0),
    "definition": (1, 0),
    "defined": (2, 1),
    "appraisal": (3, 1),
    "appraised": (4, 1),
    "structuring": (5, 2),
    "structured": (6, 2),
    "applied": (7, 3),
    "approved": (8, 3),
    "implementation": (9, 4),
    "commissioned": (10, 6),
}
# The share of projects in each state, close to what the real register holds.
STATE_WEIGHTS = (
    (("pending", "initiated"), 14),
    (("pending", "definition"), 9),
    (("pending", "defined"), 9),
    (("pending", "appraisal"), 6),
    (("pending", "appraised"), 5),
    (("pending", "structuring"), 5),
    (("pending", "structured"), 5),
    (("pending", "applied"), 8),
    (("pending", "approved"), 6),
    (("pending", "refused"), 3),
    (("active", "implementation"), 20),
    (("complete", "commissioned"), 6),
    (("cancelled", "withdrawn"), 2),
    (("unsuccessful", "terminated"), 2),
)
COMMENTS = {
    "refuse": "Кошторис не підтверджено експертизою; доопрацюйте проєктну документацію.",
    "cancel": "Ініціатор відкликав проєкт: об'єкт включено до іншої програми відновлення.",
    "terminate": "Договір розірвано через невиконання підрядником графіка робіт.",
}
DOCUMENTS = (
    ("designDocument", "Проєктна документація стадії «Робочий проєкт»", "application/pdf"),
    ("feasibilityStudy", "Техніко-економічне обґрунтування", "application/pdf"),
    ("illustrationDamaged", "Фото пошкоджень об'єкта", "image/jpeg"),
    ("permissionDocument", "Дозвіл на виконання будівельних робіт", "application/pdf"),
)


def _edrpou(rng: random.Random, used: set[str]) -> str:
    """Return an unused eight-digit EDRPOU code with its check digit."""
    from stdnum.ua import edrpou  # noqa: PLC0415 - python-stdnum comes with DREAM, as Django does.

    while True:
        base = f"{rng.randrange(2_000_000, 4_500_000):07d}"
        code = base + edrpou.calc_check_digit(base)
        if code not in used:
            used.add(code)
            return code


def _iso(moment: datetime | date) -> str:
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, clock.min, tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _money(amount: int, currency: str = "UAH") -> dict[str, Any]:
    return {"amount": float(amount), "currency": currency}


@dataclass
class _Organisation:
    edrpou: str
    name: str

    @property
    def id(self) -> str:
        return f"UA-EDR-{self.edrpou}"

    @property
    def reference(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


class ProjectGenerator:
    """Builds OC4IDS projects as ``publishing.oc4ids.project_to_oc4ids`` maps them; the same seed, the same bytes."""

    def __init__(self, seed: int) -> None:
        from django.conf import settings  # noqa: PLC0415 - Django is set up by the caller, from the arguments.

        from projects.codes import FundingSourceCategory, IndicatorKind, Phase, Purpose  # noqa: PLC0415
        from projects.sectors import WB_ECO_SECTORS  # noqa: PLC0415
        from publishing import oc4ids  # noqa: PLC0415

        self.rng = random.Random(seed)
        self.prefix = settings.DREAM_OC4IDS_PREFIX
        self.public_url = settings.DREAM_PUBLIC_URL
        self.mapping = oc4ids
        self.sectors = WB_ECO_SECTORS
        self.source_titles = dict(FundingSourceCategory.choices)
        self.phase_titles = dict(Phase.choices)
        self.purpose_titles = dict(Purpose.choices)
        self.indicator_titles = dict(IndicatorKind.choices)
        used: set[str] = set()
        # Each city's council initiates its projects; its communal enterprise holds some of the assets.
        self.communities = [
            (
                code,
                name,
                _Organisation(_edrpou(self.rng, used), f"Міська рада м. {name}"),
                _Organisation(_edrpou(self.rng, used), f"КП «Житлово-експлуатаційна контора» м. {name}"),
            )
            for code, name in CITIES
        ]
        self.donors = [_Organisation(_edrpou(self.rng, used), name) for name in DONORS]
        self.states, self.weights = zip(*STATE_WEIGHTS, strict=True)
        self.next_pk = itertools.count(1)

    def pk(self) -> str:
        return str(next(self.next_pk))

    def project(self, number: int) -> dict[str, Any]:
        """Return the OC4IDS project of the number-th generated project."""
        rng = self.rng
        territory, locality, initiator, holder = rng.choice(self.communities)
        sector, title_uk, title_en, kind, _ = rng.choice(PROJECT_WORKS)
        status, detail = rng.choices(self.states, self.weights)[0]
        purpose = rng.choice(("restoration", "restoration", "development"))
        registered = date(2023, 1, 1) + timedelta(days=rng.randrange(900))
        code = f"DREAM-UA-{registered:%d%m%y}-{rng.getrandbits(32):08X}"
        house = rng.randint(1, 40)

        phases = self._phase_plan(registered, detail)
        decisions = self._decisions(registered, detail)
        updated = max([registered, *(moment for _, moment, _ in decisions)], key=_iso)
        budget, funders = self._budget(registered)
        project: dict[str, Any] = {
            "id": f"oc4ids-{self.prefix}-{code}",
            "updated": _iso(updated),
            "language": "uk",
            "identifiers": [{"id": code, "scheme": "DREAM"}],
            "title": f"{title_uk.format(n=house)}, м. {locality}",
            "status": self.mapping.PROJECT_STATUS[(status, detail)],
            "dreamStatus": {"status": status, "statusDetails": detail},
            "purpose": self.purpose_titles[purpose],
            "dreamPurpose": purpose,
            "additionalClassifications": [{"scheme": "WB-ECO", "id": sector, "description": self.sectors[sector][1]}],
            "publicAuthority": initiator.reference,
            "parties": self._parties(initiator, holder, funders),
            "dreamType": kind,
            "dreamTranslations": {
                "en": {
                    "title": f"{title_en.format(n=house)}, {locality}",
                    "description": "Works restore the service the community lost to the war and meet today's codes.",
                }
            },
            "description": (
                f"{title_uk.format(n=house)} у громаді: відновлення послуги, втраченої внаслідок збройної агресії, "
                "з урахуванням чинних будівельних норм і доступності для маломобільних груп населення."
            ),
        }
        if kind in {"construction", "rehabilitation", "replacement", "expansion"}:
            project["type"] = kind
        project.update(
            {
                name: value
                for name, value in (
                    ("sector", self._sector(sector)),
                    ("locations", self._locations(territory, locality)),
                    ("budget", budget),
                    ("milestones", self._milestones(phases, decisions)),
                    ("documents", self._documents(code, registered)),
                    ("metrics", self._metrics()),
                )
                if value
            }
        )
        project.update(self._periods(phases))
        if status == "complete":
            project["completion"] = {"endDate": _iso(phases[-1][2] or registered), "finalScope": "asPlanned"}
        return project

    def _sector(self, sector: str) -> list[str]:
        mapped = self.mapping.PROJECT_SECTOR.get(sector) or self.mapping.PROJECT_SECTOR.get(sector[:1])
        if mapped is None:
            return []
        parent = mapped.split(".", 1)[0]
        return [parent, mapped] if parent != mapped else [mapped]

    def _parties(
        self, initiator: _Organisation, holder: _Organisation, funders: list[_Organisation]
    ) -> list[dict[str, Any]]:
        def entry(organisation: _Organisation, roles: list[str], ours: list[str]) -> dict[str, Any]:
            party: dict[str, Any] = {
                "id": organisation.id,
                "name": organisation.name,
                "identifier": {"scheme": "UA-EDR", "id": organisation.edrpou, "legalName": organisation.name},
                "roles": roles,
            }
            if ours:
                party["dreamRoles"] = ours
            return party

        parties = [entry(initiator, ["publicAuthority"], ["initiator"])]
        if self.rng.random() < 0.5:
            parties.append(entry(holder, [self.mapping.PARTY_ROLE["balancer"]], ["balancer"]))
        parties += [entry(funder, ["funder"], []) for funder in funders]
        return parties

    def _locations(self, territory: str, locality: str) -> list[dict[str, Any]]:
        street = f"{self.rng.choice(STREETS)}, {self.rng.randint(1, 120)}"
        place: dict[str, Any] = {
            "id": self.pk(),
            "description": f"{street}, {locality}",
            "gazetteer": {"scheme": "UA-CATOTTG", "identifiers": [territory]},
            "address": {"locality": locality, "countryName": "Україна", "streetAddress": street},
        }
        if self.rng.random() < 0.7:
            longitude = round(self.rng.uniform(22.5, 40.0), 6)
            latitude = round(self.rng.uniform(44.5, 52.0), 6)
            place["geometry"] = {"type": "Point", "coordinates": [longitude, latitude]}
        return [place]

    def _budget(self, registered: date) -> tuple[dict[str, Any], list[_Organisation]]:
        """Return a budget of three cost lines and two finance lines that add up to it, and its funders."""
        rng = self.rng
        total = rng.randrange(2_000_000, 250_000_000, 1000)
        design = total * rng.randint(5, 9) // 100 // 10 * 10
        contingencies = total * rng.randint(3, 6) // 100 // 10 * 10
        lines = (
            ("design", "capex", registered.year, design),
            ("construction", "capex", registered.year + 1, total - design - contingencies),
            ("contingencies", "capex", registered.year + 1, contingencies),
        )
        local = total * rng.randint(10, 40) // 100 // 10 * 10
        outside = rng.choice(("internationalOrganization", "stateSubsidies", "united24", "liquidationFund"))
        funder = rng.choice(self.donors) if outside == "internationalOrganization" else None
        budget: dict[str, Any] = {
            "amount": _money(total),
            "budgetBreakdowns": [
                {
                    "id": "costItems",
                    "description": "Кошторис за статтями витрат і роками / Cost estimate by cost item and year",
                    "budgetBreakdown": [
                        {
                            "id": self.pk(),
                            "description": f"{item} ({cost_type}) {year}",
                            "amount": _money(amount),
                            "period": {"startDate": _iso(date(year, 1, 1)), "endDate": _iso(date(year, 12, 31))},
                        }
                        for item, cost_type, year, amount in lines
                    ],
                }
            ],
            "finance": [
                self._finance("localBudget", "stateFunds", local, None),
                self._finance(
                    outside,
                    "internationalPartners" if funder else "stateFunds",
                    total - local,
                    funder,
                ),
            ],
        }
        return budget, [funder] if funder else []

    def _finance(self, source: str, funding: str, amount: int, party: _Organisation | None) -> dict[str, Any]:
        line: dict[str, Any] = {
            "id": self.pk(),
            "title": self.source_titles[source],
            "value": _money(amount),
            "source": source,
            "dreamFinance": {"sourceCategory": source, "fundingType": funding, "isCommitted": self.rng.random() < 0.8},
        }
        if source in self.mapping.FINANCING_PARTY_TYPE:
            line["financingPartyType"] = self.mapping.FINANCING_PARTY_TYPE[source]
        if party is not None:
            line["financingParty"] = party.reference
        return line

    def _phase_plan(self, registered: date, detail: str) -> list[tuple[str, date, date | None, date]]:
        """Return the six planned phases: code, planned start, actual end (if it ended) and planned end."""
        ended = PROGRESS.get(detail, (3, 1))[1]
        phases = []
        start = registered + timedelta(days=self.rng.randrange(30))
        for index, phase in enumerate(PLANNED_PHASES):
            end = start + timedelta(days=self.rng.randrange(30, 240 if phase == "implementation" else 90))
            actual = end + timedelta(days=self.rng.randrange(-5, 50)) if index < ended else None
            phases.append((phase, start, actual, end))
            start = end
        return phases

    def _decisions(self, registered: date, detail: str) -> list[tuple[str, datetime, str | None]]:
        """Return the decisions taken on the project: step, when, and the comment a closing decision needs."""
        if detail == "refused":
            steps = [*MAIN_LINE[:3], "refuse"]
        elif detail == "withdrawn":
            steps = [*MAIN_LINE[: self.rng.randrange(1, 10)], "cancel"]
        elif detail == "terminated":
            steps = [*MAIN_LINE[:9], "terminate"]
        else:
            steps = list(MAIN_LINE[: PROGRESS[detail][0]])
        moment = datetime.combine(registered, clock(9), tzinfo=KYIV)
        decisions = []
        for step in steps:
            moment += timedelta(days=self.rng.randrange(3, 40), seconds=self.rng.randrange(8 * 3600))
            decisions.append((step, moment, COMMENTS.get(step)))
        return decisions

    def _milestones(self, phases: list[Any], decisions: list[Any]) -> list[dict[str, Any]]:
        milestones = [
            {
                "id": f"phase-{phase}",
                "title": self.phase_titles[phase],
                "type": "delivery",
                "code": phase,
                "dueDate": _iso(planned_end),
                "status": "met" if actual_end else "scheduled",
                **({"dateMet": _iso(actual_end)} if actual_end else {}),
            }
            for phase, _, actual_end, planned_end in phases
        ]
        milestones += [
            {
                "id": f"decision-{self.pk()}",
                "title": step.replace("_", " "),
                "type": "approval",
                "code": step,
                "status": "met",
                "dateMet": _iso(moment),
                **({"description": comment} if comment else {}),
            }
            for step, moment, comment in decisions
        ]
        return milestones

    def _periods(self, phases: list[Any]) -> dict[str, Any]:
        spans: dict[str, tuple[date, date]] = {}
        for phase, start, _, end in phases:
            name = self.mapping.PHASE_PERIOD[phase]
            first, last = spans.get(name, (start, end))
            spans[name] = (min(first, start), max(last, end))
        periods = {name: {"startDate": _iso(start), "endDate": _iso(end)} for name, (start, end) in spans.items()}
        starts, ends = zip(*spans.values(), strict=True)
        periods["period"] = {"startDate": _iso(min(starts)), "endDate": _iso(max(ends))}
        return periods

    def _documents(self, code: str, registered: date) -> list[dict[str, Any]]:
        documents = []
        for document_type, title, media_type in self.rng.sample(DOCUMENTS, self.rng.randint(1, 2)):
            pk = self.pk()
            uploaded = datetime.combine(registered, clock(10), tzinfo=KYIV) + timedelta(
                days=self.rng.randrange(60), seconds=self.rng.randrange(7 * 3600)
            )
            documents.append(
                {
                    "id": pk,
                    "documentType": self.mapping.DOCUMENT_TYPE.get(document_type, document_type),
                    "title": title,
                    "url": f"{self.public_url}/projects/{code}/documents/{pk}/",
                    "datePublished": _iso(uploaded),
                    "format": media_type,
                    "accessDetails": "open",
                }
            )
        return documents

    def _metrics(self) -> list[dict[str, Any]]:
        kind = self.rng.choice(("numberOfConsumers", "numberOfIDP"))
        baseline = self.rng.randrange(0, 500)
        return [
            {
                "id": self.pk(),
                "title": "Користувачі" if kind == "numberOfConsumers" else "ВПО",
                "description": self.indicator_titles[kind],
                "observations": [
                    {"id": "baseline", "measure": float(baseline), "notes": "baseline"},
                    {"id": "target", "measure": float(baseline + self.rng.randrange(50, 5000)), "notes": "target"},
                ],
            }
        ]


class ReleaseGenerator:
    """Builds the OCDS releases of Prozorro open tenders for works: tender, award, contract, amendment, payments."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        used: set[str] = set()
        self.buyers = [_Organisation(_edrpou(self.rng, used), f"Міська рада м. {name}") for _, name in CITIES]
        self.localities = [name for _, name in CITIES]
        self.contractors = [
            _Organisation(_edrpou(self.rng, used), f"ТОВ «{name}»")
            for name in (
                "Будмонтаж-Південь",
                "Дорбуд",
                "Енергосервіс Плюс",
                "Укрбудінвест",
                "Гідромонтаж",
                "Полісся-Буд",
            )
        ]

    def _hex(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def _moment(self, day: date) -> str:
        seconds = self.rng.randrange(9 * 3600, 18 * 3600)
        moment = datetime.combine(day, clock(), tzinfo=KYIV) + timedelta(
            seconds=seconds, microseconds=self.rng.randrange(10**6)
        )
        return moment.isoformat()

    def process(self, number: int) -> list[dict[str, Any]]:
        """Return the five releases of the number-th process, in the order a feed might send them."""
        rng = self.rng
        index = rng.randrange(len(self.buyers))
        buyer, locality = self.buyers[index], self.localities[index]
        supplier = rng.choice(self.contractors)
        _, title, _, _, cpv = rng.choice(PROJECT_WORKS)
        title = f"{title.format(n=rng.randint(1, 40))}, м. {locality}"
        opened = date(2023, 1, 1) + timedelta(days=rng.randrange(900))
        ocid = f"{PROZORRO_OCID_PREFIX}UA-{opened:%Y-%m-%d}-{number % 1_000_000:06d}-{'abcd'[number % 4]}"
        tender_id, award_id, contract_id = self._hex(), self._hex(), self._hex()
        value = rng.randrange(1_000_000, 200_000_000, 100)
        price = value * rng.randint(85, 99) // 100
        amended = price * rng.randint(101, 110) // 100
        days = itertools.accumulate(
            (0, rng.randint(15, 30), rng.randint(5, 20), rng.randint(30, 200), rng.randint(20, 90))
        )
        tendered, awarded, signed, amended_on, paid_on = (self._moment(opened + timedelta(days=day)) for day in days)
        buyer_party = {
            "id": buyer.id,
            "name": buyer.name,
            "identifier": {"scheme": "UA-EDR", "id": buyer.edrpou, "legalName": buyer.name},
            "address": {"locality": locality, "countryName": "Україна"},
            "contactPoint": {
                "name": "Відділ закупівель",
                "email": "tender@example.gov.ua",
                "telephone": "+380441234567",
            },
            "roles": ["buyer", "procuringEntity"],
        }
        supplier_party = {
            "id": supplier.id,
            "name": supplier.name,
            "identifier": {"scheme": "UA-EDR", "id": supplier.edrpou, "legalName": supplier.name},
            "address": {"countryName": "Україна"},
            "details": {"scale": "sme"},
            "roles": ["supplier", "tenderer"],
        }

        def release(moment: str, tags: list[str], **sections: Any) -> dict[str, Any]:
            return {
                "ocid": ocid,
                "id": self._hex(),
                "date": moment,
                "tag": tags,
                "initiationType": "tender",
                "language": "uk",
                **sections,
            }

        releases = [
            release(
                tendered,
                ["tender"],
                parties=[buyer_party],
                buyer=buyer.reference,
                tender={
                    "id": tender_id,
                    "title": title,
                    "status": "active",
                    "procuringEntity": buyer.reference,
                    "value": _money(value),
                    "procurementMethod": "open",
                    "procurementMethodDetails": "Відкриті торги з особливостями",
                    "mainProcurementCategory": "works",
                    "items": [
                        {
                            "id": self._hex(),
                            "description": title,
                            "classification": {"scheme": "ДК021", "id": cpv, "description": "Будівельні роботи"},
                            "quantity": 1,
                            "unit": {"scheme": "UNCEFACT", "id": "E48", "name": "послуга"},
                        }
                    ],
                    "tenderPeriod": {"startDate": tendered, "endDate": awarded},
                    "documents": [
                        {
                            "id": self._hex(),
                            "documentType": "tenderNotice",
                            "title": "Тендерна документація.pdf",
                            "url": f"https://public-docs.prozorro.gov.ua/get/{self._hex()}",
                            "datePublished": tendered,
                            "format": "application/pdf",
                        }
                    ],
                },
            ),
            release(
                awarded,
                ["award"],
                parties=[supplier_party],
                tender={"id": tender_id, "numberOfTenderers": rng.randint(1, 6)},
                awards=[
                    {
                        "id": award_id,
                        "status": "active",
                        "date": awarded,
                        "value": _money(price),
                        "suppliers": [supplier.reference],
                    }
                ],
            ),
            release(
                signed,
                ["contract"],
                tender={"id": tender_id, "status": "complete"},
                contracts=[
                    {
                        "id": contract_id,
                        "awardID": award_id,
                        "title": title,
                        "status": "active",
                        "value": _money(price),
                        "dateSigned": signed,
                        "period": {"startDate": signed, "endDate": paid_on},
                    }
                ],
            ),
            release(
                amended_on,
                ["contractAmendment"],
                contracts=[
                    {
                        "id": contract_id,
                        "value": _money(amended),
                        "amendments": [
                            {
                                "id": self._hex(),
                                "date": amended_on,
                                "rationale": "Коригування договірної ціни у зв'язку зі зміною цін на матеріали",
                            }
                        ],
                    }
                ],
            ),
            release(
                paid_on,
                ["implementation"],
                contracts=[
                    {
                        "id": contract_id,
                        "implementation": {
                            "transactions": [
                                {
                                    "id": f"{contract_id}-{payment}",
                                    "date": paid_on,
                                    "value": _money(amended // 3),
                                    "payer": buyer.reference,
                                    "payee": supplier.reference,
                                }
                                for payment in range(1, 4)
                            ]
                        },
                    }
                ],
            ),
        ]
        rng.shuffle(releases)
        return releases


@dataclass
class Generated:
    """The data of one scale, written once: both sides read these same bytes."""

    projects: Path
    releases: Path
    projects_count: int
    processes_count: int
    releases_count: int
    projects_bytes: int
    releases_bytes: int
    seconds: float


def generate(folder: Path, scale: int, seed: int) -> Generated:
    """Write N OC4IDS projects and N/5 processes of OCDS releases as JSON Lines, from the seed."""
    started = time.perf_counter()
    projects_path, releases_path = folder / "projects.jsonl", folder / "releases.jsonl"
    builder = ProjectGenerator(seed)
    with projects_path.open("wb") as output:
        for number in range(scale):
            output.write(orjson.dumps(builder.project(number)) + b"\n")
    processes = max(1, scale // RELEASES_PER_PROCESS)
    releases = ReleaseGenerator(seed)
    with releases_path.open("wb") as output:
        for number in range(processes):
            for release in releases.process(number):
                output.write(orjson.dumps(release) + b"\n")
    return Generated(
        projects_path,
        releases_path,
        scale,
        processes,
        processes * RELEASES_PER_PROCESS,
        projects_path.stat().st_size,
        releases_path.stat().st_size,
        time.perf_counter() - started,
    )


# -- The work, each side in a process of its own ------------------------------------------------------------------

PACKAGE_ENVELOPE = {
    "version": "0.9",
    "uri": "http://127.0.0.1:8000/downloads/oc4ids/projects.json",
    "publishedDate": "2025-06-01T00:00:00Z",
    "publisher": {"name": "DREAM", "uri": "http://127.0.0.1:8000"},
    "license": "https://creativecommons.org/licenses/by/4.0/",
    "publicationPolicy": "http://127.0.0.1:8000/api/v1/docs",
}


def _refuse_network() -> None:
    """Make every connection attempt fail, so that a tool reaching for the network says so instead of waiting."""

    def refuse(self: socket.socket, *_: Any) -> None:
        message = "the benchmark runs offline: a tool tried to open a connection"
        raise OSError(message)

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign,assignment]


def _lines(path: Path, limit: int | None) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from itertools.islice(handle, limit)


def _grouped(releases: Iterator[Any]) -> Iterator[list[Any]]:
    """Yield the releases of each process together: a process's releases are written next to each other."""
    for _, group in itertools.groupby(releases, key=lambda release: release["ocid"]):
        yield list(group)


class _Stopwatch:
    """Adds up the time spent in one step of a streamed pipeline."""

    def __init__(self) -> None:
        self.seconds = 0.0

    @contextlib.contextmanager
    def timing(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds += time.perf_counter() - started


def _set_up_dream() -> None:
    import django  # noqa: PLC0415 - the parent sets the environment Django reads first.

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dream.settings")
    django.setup()


@contextlib.contextmanager
def _without_database() -> Iterator[None]:
    """Fail loudly if the work reaches for the database: publishing generated data needs none."""
    from django.db import connection  # noqa: PLC0415

    def refuse(*_: Any) -> None:
        raise BenchmarkError("publishing generated projects queried the database")

    with connection.execute_wrapper(refuse):
        yield


def dream_validate(projects: Path, output: Path, limit: int | None) -> dict[str, Any]:
    """Validate each project against the OC4IDS project schema and its codelists, as DREAM does before publishing."""
    from publishing.oc4ids import codelist_problems  # noqa: PLC0415
    from publishing.standards import oc4ids_project_validator, schema_problems  # noqa: PLC0415

    reading, validating = _Stopwatch(), _Stopwatch()
    validator = oc4ids_project_validator()
    count = invalid = 0
    with _without_database():
        for line in _lines(projects, limit):
            with reading.timing():
                project = orjson.loads(line)
            with validating.timing():
                problems = schema_problems(validator, project) + codelist_problems(project)
            count += 1
            invalid += bool(problems)
    return {"items": count, "invalid": invalid, "steps": {"read": reading.seconds, "validate": validating.seconds}}


def dream_publish(projects: Path, output: Path, limit: int | None) -> dict[str, Any]:
    """Write every bulk file from the projects, each validated as it streams by, then seal each file."""
    from publishing.bulk import seal, write_oc4ids_files  # noqa: PLC0415
    from publishing.oc4ids import require_valid_project  # noqa: PLC0415

    reading, validating, sealing = _Stopwatch(), _Stopwatch(), _Stopwatch()

    def valid_projects() -> Iterator[dict[str, Any]]:
        for line in _lines(projects, limit):
            with reading.timing():
                project = orjson.loads(line)
            with validating.timing():
                require_valid_project(project)
            yield project

    started = time.perf_counter()
    with _without_database():
        files = write_oc4ids_files(output / "oc4ids", valid_projects(), newest_change=None)
        with sealing.timing():
            for file in files:
                seal(output, file)
    total = time.perf_counter() - started
    return {
        "items": next(file.rows for file in files if file.path == "oc4ids/projects.jsonl"),
        "invalid": 0,
        "files": {file.path: {"rows": file.rows, "bytes": file.size} for file in files},
        "steps": {
            "read": reading.seconds,
            "validate": validating.seconds,
            "write": total - reading.seconds - validating.seconds - sealing.seconds,
            "seal": sealing.seconds,
        },
    }


def dream_compile(releases: Path, output: Path, limit: int | None) -> dict[str, Any]:
    """Compile each process's releases into its compiled release, as DREAM's records give it."""
    from publishing.ocds import compile_releases  # noqa: PLC0415

    compiling = _Stopwatch()
    count = 0
    with (output / "compiled.jsonl").open("wb") as compiled_file, _without_database():
        for group in _grouped(orjson.loads(line) for line in _lines(releases, limit and limit * RELEASES_PER_PROCESS)):
            with compiling.timing():
                compiled = compile_releases(group)
            compiled_file.write(orjson.dumps(compiled) + b"\n")
            count += 1
    return {"items": count, "steps": {"compile": compiling.seconds}}


def _project_validator() -> Any:
    """Return the reference's Draft 4 validator of one project, with formats checked and no remote reference."""
    import jsonschema  # noqa: PLC0415 - a reference tool, imported only where it is measured.
    from referencing import Registry  # noqa: PLC0415
    from referencing.exceptions import NoSuchResource  # noqa: PLC0415

    def refuse(uri: str) -> Any:
        raise NoSuchResource(ref=uri)

    schema = json.loads((STANDARDS_DIR / "oc4ids" / "project-schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER, registry=Registry(retrieve=refuse)
    )


def reference_validate(projects: Path, output: Path, limit: int | None) -> dict[str, Any]:
    """Validate each project with jsonschema, as the Open Contracting tools do."""
    reading, validating = _Stopwatch(), _Stopwatch()
    validator = _project_validator()
    count = invalid = 0
    for line in _lines(projects, limit):
        with reading.timing():
            project = json.loads(line)
        with validating.timing():
            problems = list(validator.iter_errors(project))
        count += 1
        invalid += bool(problems)
    return {"items": count, "invalid": invalid, "steps": {"read": reading.seconds, "validate": validating.seconds}}


def _local_package_schema(folder: Path) -> Path:
    """Write the package schema with its reference to the project schema pointed at the pinned local copy."""
    schema = json.loads((STANDARDS_DIR / "oc4ids" / "project-package-schema.json").read_text(encoding="utf-8"))
    schema["properties"]["projects"]["items"]["$ref"] = (STANDARDS_DIR / "oc4ids" / "project-schema.json").as_uri()
    path = folder / "project-package-schema.json"
    path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    return path


def reference_flatten(projects: Path, output: Path, limit: int | None) -> dict[str, Any]:
    """Write the package JSON from the projects, then flatten it to CSV and XLSX with flattentool."""
    from flattentool.json_input import JSONParser  # noqa: PLC0415 - a reference tool, imported where measured.
    from flattentool.output import FORMATS, FORMATS_SUFFIX, LINE_TERMINATORS  # noqa: PLC0415
    from flattentool.schema import SchemaParser  # noqa: PLC0415

    packaging, flattening = _Stopwatch(), _Stopwatch()
    package = output / "projects.json"
    count = 0
    with packaging.timing(), package.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(PACKAGE_ENVELOPE, ensure_ascii=False)[:-1] + ', "projects": [')
        for line in _lines(projects, limit):
            handle.write((", " if count else "") + json.dumps(json.loads(line), ensure_ascii=False))
            count += 1
        handle.write("]}")

    # What flattentool.flatten does for output_format="all", for the two formats DREAM also writes: the JSON is
    # parsed once and each format written from that parse.
    with flattening.timing():
        schema_parser = SchemaParser(schema_filename=str(_local_package_schema(output)))
        schema_parser.parse()
        with JSONParser(
            json_filename=str(package),
            root_list_path="projects",
            schema_parser=schema_parser,
            id_name="id",
            persist=True,
        ) as parser:
            for name in ("csv", "xlsx"):
                FORMATS[name](
                    parser=parser,
                    main_sheet_name="main",
                    output_name=str(output / f"flattened{FORMATS_SUFFIX[name]}"),
                    sheet_prefix="",
                    line_terminator=LINE_TERMINATORS["CRLF"],
                ).write_sheets()
    with (output / "flattened" / "main.csv").open(encoding="utf-8") as main_sheet:
        flattened = sum(1 for _ in main_sheet) - 1
    if flattened != count:
        raise BenchmarkError(f"flattentool wrote {flattened} project rows for {count} projects")
    return {
        "items": count,
        "sheets": len(list((output / "flattened").glob("*.csv"))),
        "steps": {"package": packaging.seconds, "flatten": flattening.seconds},
    }


def _local_get_request(url: str, *_: Any, **__: Any) -> Any:
    """Answer libcove's requests for the schema and codelists from the pinned standards folder, never the network."""
    import requests  # noqa: PLC0415 - libcove's own dependency.

    if url.startswith(OC4IDS_SCHEMA_HOST):
        path = STANDARDS_DIR / "oc4ids" / url.removeprefix(OC4IDS_SCHEMA_HOST)
    elif url.startswith(OC4IDS_CODELISTS_URL):
        path = STANDARDS_DIR / "oc4ids" / "codelists" / url.removeprefix(OC4IDS_CODELISTS_URL)
    else:
        raise requests.ConnectionError(f"the benchmark runs offline and has no local copy of {url}")
    response = requests.Response()
    response.status_code = 200 if path.is_file() else 404
    # A response built by hand: its whole body is already read.
    response._content = path.read_bytes() if path.is_file() else b""  # noqa: SLF001
    response._content_consumed = True  # noqa: SLF001
    response.encoding = "utf-8"
    response.url = url
    return response


def reference_libcove(projects: Path, output: Path, limit: int | None) -> dict[str, Any]:
    """Check the package with libcoveoc4ids, every check of the Data Review Tool, its schema served locally."""
    import libcove.lib.common  # noqa: PLC0415 - a reference tool, imported where measured.
    from libcoveoc4ids.api import oc4ids_json_output  # noqa: PLC0415
    from libcoveoc4ids.config import LibCoveOC4IDSConfig  # noqa: PLC0415

    libcove.lib.common.get_request = _local_get_request
    config = LibCoveOC4IDSConfig(
        {"schema_host": OC4IDS_SCHEMA_HOST, "schema_codelists": {"0.9": OC4IDS_CODELISTS_URL}}
    )
    package = output.parent / "reference-flatten" / "projects.json"
    report = oc4ids_json_output(str(output), str(package), lib_cove_oc4ids_config=config)
    if report.get("json_deref_error"):
        raise BenchmarkError(f"libcoveoc4ids could not read the schema: {report['json_deref_error']}")
    return {
        "items": len(report["json_data"]["projects"]),
        "invalid": report["validation_errors_count"],
        "closed_codelist_problems": len(report["additional_closed_codelist_values"]),
    }


def reference_compile(releases: Path, output: Path, limit: int | None) -> dict[str, Any]:
    """Compile each process's releases with ocdsmerge, the reference implementation."""
    import ocdsmerge  # noqa: PLC0415 - a reference tool, imported where measured.

    schema = json.loads((STANDARDS_DIR / "ocds" / "release-schema.json").read_text(encoding="utf-8"))
    merger = ocdsmerge.Merger(schema=schema)
    compiling = _Stopwatch()
    count = 0
    with (output / "compiled.jsonl").open("w", encoding="utf-8") as compiled_file:
        for group in _grouped(json.loads(line) for line in _lines(releases, limit and limit * RELEASES_PER_PROCESS)):
            with compiling.timing():
                compiled = merger.create_compiled_release(group)
            compiled_file.write(json.dumps(compiled, ensure_ascii=False) + "\n")
            count += 1
    return {"items": count, "steps": {"compile": compiling.seconds}}


WORKERS: dict[str, tuple[Callable[[Path, Path, int | None], dict[str, Any]], bool]] = {
    # name: (the work, whether it needs Django)
    "dream-validate": (dream_validate, True),
    "dream-publish": (dream_publish, True),
    "dream-compile": (dream_compile, True),
    "reference-validate": (reference_validate, False),
    "reference-flatten": (reference_flatten, False),
    "reference-libcove": (reference_libcove, False),
    "reference-compile": (reference_compile, False),
}


def run_worker(name: str, source: Path, output: Path, result: Path, limit: int | None) -> None:
    """Do one side's work in this process, and write what it did to ``result``."""
    _refuse_network()
    work, needs_django = WORKERS[name]
    if needs_django:
        _set_up_dream()
    output.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    outcome = work(source, output, limit)
    outcome["work_s"] = time.perf_counter() - started
    result.write_bytes(orjson.dumps(outcome))


# -- Running and measuring the workers ----------------------------------------------------------------------------


@dataclass
class Measured:
    """One side's run of one work: wall time of its whole process, its peak memory, and what it reported."""

    worker: str
    items: int
    wall_s: float
    peak_rss_mib: float
    report: dict[str, Any] = field(default_factory=dict)


@dataclass
class Row:
    """One line of the results: a work at a scale, DREAM beside the reference."""

    work: str
    scale: int
    dream: str
    reference: str
    dream_s: float
    dream_mib: float
    reference_s: float
    reference_mib: float
    reference_items: int
    extrapolated: bool

    @property
    def speed_ratio(self) -> float:
        return self.reference_s / self.dream_s

    @property
    def memory_ratio(self) -> float:
        return self.reference_mib / self.dream_mib


_running: dict[int, subprocess.Popen[bytes]] = {}


def measure(worker: str, source: Path, folder: Path, *, limit: int | None, log: Path) -> Measured:
    """Run one worker in a child interpreter and measure its wall time and its own peak memory (``os.wait4``)."""
    output, result = folder / worker, folder / f"{worker}.json"
    command = [sys.executable, __file__, "--worker", worker, str(source), str(output), str(result)]
    if limit is not None:
        command += ["--limit", str(limit)]
    outcome: dict[str, Any] = {}
    with log.open("ab") as output_log:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=output_log, stderr=subprocess.STDOUT, cwd=REPOSITORY, start_new_session=True
        )
        _running[process.pid] = process

        def reap() -> None:
            _, status, usage = os.wait4(process.pid, 0)
            outcome["wall_s"] = time.perf_counter() - started
            outcome["returncode"] = os.waitstatus_to_exitcode(status)
            outcome["peak_rss_mib"] = usage.ru_maxrss / 1024  # Linux reports kibibytes.

        waiter = threading.Thread(target=reap, daemon=True)
        waiter.start()
        try:
            waiter.join(WORKER_TIMEOUT_S)
        finally:
            if waiter.is_alive():
                _stop(process)
                waiter.join(STOP_TIMEOUT_S)
            process.returncode = outcome.get("returncode", -signal.SIGKILL)
            _running.pop(process.pid, None)
    if outcome.get("returncode") != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise BenchmarkError(f"{worker} failed (exit {outcome.get('returncode')}); the end of its log:\n{tail}")
    report = json.loads(result.read_bytes())
    return Measured(worker, report["items"], outcome["wall_s"], outcome["peak_rss_mib"], report)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a worker this benchmark started, with its own process group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _compare_compiled_releases(ours: Path, theirs: Path) -> int:
    """Refuse compiled releases that differ as JSON from the reference's; return how many processes were compared."""
    count = 0
    with ours.open("rb") as left, theirs.open("rb") as right:
        # The reference may have compiled only the first processes (--reference-limit): compare those.
        for mine, reference in zip(left, right, strict=False):
            compiled = orjson.loads(mine)
            if compiled != orjson.loads(reference):
                raise BenchmarkError(f"ocdsmerge-rs and ocdsmerge compiled {compiled.get('ocid')} differently")
            count += 1
        if right.readline():
            raise BenchmarkError(f"DREAM compiled {count} processes, fewer than the reference")
    return count


def _scaled(measured: Measured, scale_items: int) -> tuple[float, bool]:
    """Return the wall time for every item, scaled linearly when the reference ran on a prefix."""
    if measured.items >= scale_items:
        return measured.wall_s, False
    return measured.wall_s * scale_items / measured.items, True


def bench_scale(scale: int, folder: Path, *, seed: int, reference_limit: int | None, libcove: bool) -> dict[str, Any]:
    """Generate the data of one scale and measure every work on it, DREAM and the reference side by side."""
    log = folder / "workers.log"
    print(f"\n== N = {scale:,} ==", flush=True)
    data = generate(folder, scale, seed)
    print(
        f"generated {data.projects_count:,} projects ({data.projects_bytes / 2**20:.1f} MiB) and "
        f"{data.releases_count:,} releases of {data.processes_count:,} processes "
        f"({data.releases_bytes / 2**20:.1f} MiB) in {data.seconds:.1f} s",
        flush=True,
    )
    limit = reference_limit if reference_limit and reference_limit < scale else None

    def run(worker: str, source: Path, worker_limit: int | None = None) -> None:
        measured = measure(worker, source, folder, limit=worker_limit, log=log)
        print(f"  {worker:<20} {measured.items:>8,} items {measured.wall_s:9.1f} s {measured.peak_rss_mib:8.0f} MiB")
        runs[worker] = measured

    runs: dict[str, Measured] = {}
    run("dream-validate", data.projects)
    run("dream-publish", data.projects)
    run("reference-validate", data.projects, limit)
    run("reference-flatten", data.projects, limit)
    if libcove:
        run("reference-libcove", data.projects, limit)
    run("dream-compile", data.releases)
    run("reference-compile", data.releases, limit and limit // RELEASES_PER_PROCESS)
    compared = _check_agreement(folder, runs)
    print(f"  every validator found every project valid; compiled releases identical for {compared:,} processes")

    rows = [
        _row(comparison, scale=scale, runs=runs, items={"projects": scale, "processes": data.processes_count})
        for comparison in COMPARISONS
        if all(worker in runs for worker in comparison.reference_workers)
    ]
    return {
        "scale": scale,
        "data": {key: value for key, value in asdict(data).items() if not isinstance(value, Path)},
        "reference_limit": limit,
        "compiled_releases_compared": compared,
        "rows": rows,
        "runs": [asdict(measured) for measured in runs.values()],
    }


def _check_agreement(folder: Path, runs: dict[str, Measured]) -> int:
    """Refuse figures from sides that disagree; return how many compiled releases were compared."""
    if (folder.parent / "data" / "untouched.sqlite3").exists():
        raise BenchmarkError("a worker created the database: publishing generated data must not need it")
    invalid = {
        worker: measured.report["invalid"] + measured.report.get("closed_codelist_problems", 0)
        for worker, measured in runs.items()
        if "invalid" in measured.report
    }
    if any(invalid.values()):
        found = ", ".join(f"{worker} {count}" for worker, count in invalid.items())
        raise BenchmarkError(f"generated projects should all be valid, but invalid ones were found: {found}")
    return _compare_compiled_releases(
        folder / "dream-compile" / "compiled.jsonl", folder / "reference-compile" / "compiled.jsonl"
    )


@dataclass(frozen=True)
class Comparison:
    """One work of the table: what DREAM does and what the reference does, and which workers do it."""

    work: str
    dream: str
    reference: str
    dream_worker: str
    reference_workers: tuple[str, ...]
    counted_in: str


COMPARISONS = (
    Comparison(
        "validate projects",
        "jsonschema-rs + codelists",
        "jsonschema",
        "dream-validate",
        ("reference-validate",),
        "projects",
    ),
    Comparison(
        "validate projects",
        "jsonschema-rs + codelists",
        "libcoveoc4ids",
        "dream-validate",
        ("reference-libcove",),
        "projects",
    ),
    Comparison(
        "publish bulk files",
        "validate; JSON, JSONL, CSV, XLSX, Parquet",
        "jsonschema; flattentool CSV, XLSX",
        "dream-publish",
        ("reference-validate", "reference-flatten"),
        "projects",
    ),
    Comparison(
        "compile OCDS records", "ocdsmerge-rs", "ocdsmerge", "dream-compile", ("reference-compile",), "processes"
    ),
)


def _row(comparison: Comparison, *, scale: int, runs: dict[str, Measured], items: dict[str, int]) -> Row:
    """Return a line of the table; the reference's workers add up their times, and the larger memory counts."""
    ours = runs[comparison.dream_worker]
    theirs = [runs[worker] for worker in comparison.reference_workers]
    scaled = [_scaled(measured, items[comparison.counted_in]) for measured in theirs]
    return Row(
        work=comparison.work,
        scale=scale,
        dream=comparison.dream,
        reference=comparison.reference,
        dream_s=ours.wall_s,
        dream_mib=ours.peak_rss_mib,
        reference_s=sum(seconds for seconds, _ in scaled),
        reference_mib=max(measured.peak_rss_mib for measured in theirs),
        reference_items=min(measured.items for measured in theirs),
        extrapolated=any(extrapolated for _, extrapolated in scaled),
    )


# -- Reporting ----------------------------------------------------------------------------------------------------


def _print_table(results: list[dict[str, Any]]) -> None:
    header = (
        f"{'work':<21} {'N':>7}  {'DREAM':<42} {'s':>8} {'MiB':>6}  {'reference':<35} {'s':>9} {'MiB':>6}  "
        f"{'× faster':>8} {'× less memory':>13}"
    )
    print("\n" + header)
    print("-" * len(header))
    for result in results:
        for row in result["rows"]:
            mark = "~" if row.extrapolated else ""
            print(
                f"{row.work:<21} {row.scale:>7,}  {row.dream:<42} {row.dream_s:>8.1f} {row.dream_mib:>6.0f}  "
                f"{row.reference:<35} {mark + f'{row.reference_s:.1f}':>9} {row.reference_mib:>6.0f}  "
                f"{mark + f'{row.speed_ratio:.1f}':>8} {row.memory_ratio:>13.1f}"
            )
    for result in results:
        if limit := result["reference_limit"]:
            print(
                f"\n~ extrapolated: at N = {result['scale']:,} the reference ran on the first {limit:,} projects "
                f"({limit // RELEASES_PER_PROCESS:,} processes); its time is scaled linearly to N, and its memory is "
                "the one measured on that prefix (a floor)."
            )


def _memory_growth(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return, for each of DREAM's workers, its peak memory at the smallest and largest scale."""
    if len(results) < 2:
        return []
    first, last = results[0], results[-1]
    growth = []
    for worker in ("dream-validate", "dream-publish", "dream-compile"):
        small = next(run for run in first["runs"] if run["worker"] == worker)
        large = next(run for run in last["runs"] if run["worker"] == worker)
        growth.append(
            {
                "worker": worker,
                "small_scale": first["scale"],
                "small_mib": small["peak_rss_mib"],
                "large_scale": last["scale"],
                "large_mib": large["peak_rss_mib"],
                "growth": large["peak_rss_mib"] / small["peak_rss_mib"],
            }
        )
    return growth


def _print_growth(growth: list[dict[str, Any]]) -> None:
    if not growth:
        return
    first = growth[0]
    print(
        f"\nDREAM's peak memory as N grows {first['large_scale'] // first['small_scale']}-fold "
        f"({first['small_scale']:,} → {first['large_scale']:,}); flat is 1.00x:"
    )
    for entry in growth:
        print(
            f"  {entry['worker']:<16} {entry['small_mib']:6.0f} MiB → {entry['large_mib']:6.0f} MiB  "
            f"{entry['growth']:.2f}x"
        )


def _versions() -> dict[str, str]:
    versions = {}
    for package in (
        "django",
        "jsonschema-rs",
        "ocdsmerge-rs",
        "orjson",
        "openpyxl",
        "pyarrow",
        *REFERENCE_TOOLS.values(),
    ):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[package] = importlib.metadata.version(package)
    return versions


def _commit() -> str:
    completed = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPOSITORY, capture_output=True, text=True, check=False
    )
    return completed.stdout.strip()


def _write_json(path: Path, results: list[dict[str, Any]], growth: list[dict[str, Any]], seed: int) -> None:
    document = {
        "generated": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "commit": _commit(),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "versions": _versions(),
        "seed": seed,
        "ratios": "reference ÷ DREAM: times faster, times less memory",
        "scales": [
            {
                **{key: value for key, value in result.items() if key != "rows"},
                "rows": [
                    {**asdict(row), "speed_ratio": row.speed_ratio, "memory_ratio": row.memory_ratio}
                    for row in result["rows"]
                ],
            }
            for result in results
        ],
        "memory_growth": growth,
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")


# -- The command --------------------------------------------------------------------------------------------------


def _missing_tools(*, libcove: bool) -> list[str]:
    return [
        package
        for module, package in REFERENCE_TOOLS.items()
        if (libcove or module != "libcoveoc4ids") and importlib.util.find_spec(module) is None
    ]


def _parse(arguments: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark DREAM's open-data publication beside the Open Contracting tools on the same data."
    )
    parser.add_argument(
        "--scale",
        type=int,
        nargs="+",
        default=list(DEFAULT_SCALES),
        metavar="N",
        help="numbers of projects (default 10000 50000)",
    )
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the generated data (default 1)")
    parser.add_argument(
        "--reference-limit",
        type=int,
        metavar="L",
        help="run the reference tools on the first L projects only and scale their time to N (labelled ~)",
    )
    parser.add_argument("--no-libcove", action="store_true", help="leave libcoveoc4ids out")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every figure as JSON")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="copy the generated data and outputs to DIR")
    parser.add_argument("--worker", nargs=4, metavar=("NAME", "SOURCE", "OUTPUT", "RESULT"), help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    return parser.parse_args(arguments)


def _interrupt(signum: int, _: Any) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main(arguments: list[str] | None = None) -> int:
    """Run the benchmark at each scale and print the results; return the exit code."""
    options = _parse(arguments)
    if options.worker:
        name, source, output, result = options.worker
        run_worker(name, Path(source), Path(output), Path(result), options.limit)
        return 0

    missing = _missing_tools(libcove=not options.no_libcove)
    if missing:
        print(
            f"The reference tools {', '.join(missing)} are not installed; install them beside DREAM with\n"
            f"  {Path(sys.executable).parent / 'pip'} install {' '.join(missing)}\n"
            "(they are not DREAM's dependencies), or leave libcoveoc4ids out with --no-libcove.",
            file=sys.stderr,
        )
        return 1
    if not (STANDARDS_DIR / "oc4ids" / "project-schema.json").is_file():
        print(
            f"The pinned standards are not in {STANDARDS_DIR}: set DREAM_SHARED_DIR, or run "
            "`dream standards download` into that folder.",
            file=sys.stderr,
        )
        return 1

    signal.signal(signal.SIGTERM, _interrupt)
    results = []
    with tempfile.TemporaryDirectory(prefix="dream-bench-publish-") as temporary:
        root = Path(temporary)
        # Workers inherit this environment: the pinned standards, and a data folder and database that must stay
        # untouched (the database file is never created if nothing connects to it).
        os.environ.update(
            {
                "DREAM_STANDARDS_DIR": str(STANDARDS_DIR),
                "DREAM_DATA_DIR": str(root / "data"),
                "DATABASE_URL": f"sqlite:///{root / 'data' / 'untouched.sqlite3'}",
                "DJANGO_SETTINGS_MODULE": "dream.settings",
            }
        )
        sys.path.insert(0, str(REPOSITORY))
        _set_up_dream()
        try:
            for scale in options.scale:
                folder = root / f"n{scale}"
                folder.mkdir()
                results.append(
                    bench_scale(
                        scale,
                        folder,
                        seed=options.seed,
                        reference_limit=options.reference_limit,
                        libcove=not options.no_libcove,
                    )
                )
                if options.keep:
                    shutil.copytree(folder, options.keep / folder.name, dirs_exist_ok=True)
        except BenchmarkError as error:
            print(f"\nThe benchmark failed: {error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("\nInterrupted; stopping the workers.", file=sys.stderr)
            return 130
        finally:
            for process in list(_running.values()):
                _stop(process)

    growth = _memory_growth(results)
    _print_table(results)
    _print_growth(growth)
    if options.json:
        _write_json(options.json, results, growth, options.seed)
        print(f"\nWrote {options.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
