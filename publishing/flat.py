"""OC4IDS projects flattened into tables for spreadsheets and analysts, with headers in Ukrainian and English."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """One column of a flat table: its key, its readable header, its type and how to read it from a source."""

    key: str
    header: str
    kind: str  # "text" or "number"
    read: Callable[[Any], Any]


@dataclass(frozen=True)
class Table:
    """A flat table: its name, its columns, and the items of a project it has one row for."""

    name: str
    columns: tuple[Column, ...]
    items: Callable[[Row], list[Any]]

    def rows(self, project: Row) -> list[list[Any]]:
        """Return this table's rows for one project, each value of its column's type."""
        return [[column.read((project, item)) for column in self.columns] for item in self.items(project)]


def _get(source: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(source, dict):
            return None
        source = source.get(key)
    return source


def _project(*path: str) -> Callable[[Any], Any]:
    return lambda pair: _get(pair[0], *path)


def _item(*path: str) -> Callable[[Any], Any]:
    return lambda pair: _get(pair[1], *path)


def _code(pair: Any) -> Any:
    return _get(pair[0], "identifiers")[0]["id"]


PROJECT_CODE = Column("project_code", "Код проєкту / Project code", "text", _code)

TABLES = (
    Table(
        "projects",
        (
            PROJECT_CODE,
            Column("oc4ids_id", "Ідентифікатор OC4IDS / OC4IDS id", "text", _project("id")),
            Column("title_uk", "Назва / Title (uk)", "text", _project("title")),
            Column("title_en", "Назва англійською / Title (en)", "text", _project("dreamTranslations", "en", "title")),
            Column("status", "Статус OC4IDS / OC4IDS status", "text", _project("status")),
            Column("dream_status", "Статус DREAM / DREAM status", "text", _project("dreamStatus", "status")),
            Column(
                "dream_status_details",
                "Деталі статусу / Status details",
                "text",
                _project("dreamStatus", "statusDetails"),
            ),
            Column("type", "Тип / Type", "text", _project("dreamType")),
            Column("purpose", "Мета / Purpose", "text", _project("dreamPurpose")),
            Column(
                "sector", "Сектор OC4IDS / OC4IDS sector", "text", lambda pair: ";".join(pair[0].get("sector", []))
            ),
            Column(
                "wb_eco",
                "Сектор WB-ECO / WB-ECO sector",
                "text",
                lambda pair: pair[0]["additionalClassifications"][0]["id"],
            ),
            Column(
                "initiator_id", "Ініціатор, ідентифікатор / Initiator id", "text", _project("publicAuthority", "id")
            ),
            Column("initiator_name", "Ініціатор / Initiator", "text", _project("publicAuthority", "name")),
            Column("budget_amount", "Кошторис / Budget amount", "number", _project("budget", "amount", "amount")),
            Column("budget_currency", "Валюта / Currency", "text", _project("budget", "amount", "currency")),
            Column("period_start", "Початок / Start", "text", _project("period", "startDate")),
            Column("period_end", "Завершення / End", "text", _project("period", "endDate")),
            Column("completion_date", "Дата завершення / Completed on", "text", _project("completion", "endDate")),
            Column("updated", "Оновлено / Updated", "text", _project("updated")),
        ),
        lambda project: [project],
    ),
    Table(
        "locations",
        (
            PROJECT_CODE,
            Column("location_id", "Ідентифікатор місця / Location id", "text", _item("id")),
            Column(
                "katottg", "Код КАТОТТГ / KATOTTG code", "text", lambda pair: pair[1]["gazetteer"]["identifiers"][0]
            ),
            Column("description", "Місце / Place", "text", _item("description")),
            Column(
                "longitude",
                "Довгота / Longitude",
                "number",
                lambda pair: (_get(pair[1], "geometry", "coordinates") or [None])[0],
            ),
            Column(
                "latitude",
                "Широта / Latitude",
                "number",
                lambda pair: (_get(pair[1], "geometry", "coordinates") or [None, None])[1],
            ),
        ),
        lambda project: project.get("locations", []),
    ),
    Table(
        "budget",
        (
            PROJECT_CODE,
            Column("line_id", "Ідентифікатор статті / Line id", "text", _item("id")),
            Column("description", "Стаття витрат / Cost item", "text", _item("description")),
            Column("amount", "Сума / Amount", "number", _item("amount", "amount")),
            Column("currency", "Валюта / Currency", "text", _item("amount", "currency")),
            Column("start", "Початок / Start", "text", _item("period", "startDate")),
            Column("end", "Завершення / End", "text", _item("period", "endDate")),
        ),
        lambda project: [
            line
            for group in _get(project, "budget", "budgetBreakdowns") or []
            for line in group.get("budgetBreakdown", [])
        ],
    ),
    Table(
        "finance",
        (
            PROJECT_CODE,
            Column("finance_id", "Ідентифікатор / Finance id", "text", _item("id")),
            Column("source", "Джерело / Source category", "text", _item("source")),
            Column("funding_type", "Тип фінансування / Funding type", "text", _item("dreamFinance", "fundingType")),
            Column(
                "party_id",
                "Фінансуюча сторона, ідентифікатор / Financing party id",
                "text",
                _item("financingParty", "id"),
            ),
            Column("party_name", "Фінансуюча сторона / Financing party", "text", _item("financingParty", "name")),
            Column("amount", "Сума / Amount", "number", _item("value", "amount")),
            Column("currency", "Валюта / Currency", "text", _item("value", "currency")),
            Column(
                "committed",
                "Зобов'язання взято / Committed",
                "text",
                lambda pair: str(_get(pair[1], "dreamFinance", "isCommitted")).lower(),
            ),
        ),
        lambda project: _get(project, "budget", "finance") or [],
    ),
    Table(
        "milestones",
        (
            PROJECT_CODE,
            Column("milestone_id", "Ідентифікатор / Milestone id", "text", _item("id")),
            Column("title", "Назва / Title", "text", _item("title")),
            Column("type", "Тип / Type", "text", _item("type")),
            Column("code", "Код / Code", "text", _item("code")),
            Column("status", "Стан / Status", "text", _item("status")),
            Column("due", "Строк / Due", "text", _item("dueDate")),
            Column("met", "Виконано / Met", "text", _item("dateMet")),
            Column("description", "Коментар / Comment", "text", _item("description")),
        ),
        lambda project: project.get("milestones", []),
    ),
    Table(
        "documents",
        (
            PROJECT_CODE,
            Column("document_id", "Ідентифікатор / Document id", "text", _item("id")),
            Column("type", "Тип документа / Document type", "text", _item("documentType")),
            Column("title", "Назва / Title", "text", _item("title")),
            Column("url", "Посилання / URL", "text", _item("url")),
            Column("format", "Формат / Format", "text", _item("format")),
            Column("published", "Опубліковано / Published", "text", _item("datePublished")),
        ),
        lambda project: project.get("documents", []),
    ),
)
