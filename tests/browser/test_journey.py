"""A project's way through the portal, person by person, each in a browser of their own.

A community clerk builds the passport in the guided form and submits it; a regional approver refuses it with a
reason; the clerk reads the reason, fixes the description and submits again; a second approver of the same
administration approves the appraisal; the clerk structures the finances; a donor finds the project among those that
seek money and pledges; a citizen finds it through the filters and the map, reads it in both languages and downloads
the selection as CSV. Every step asserts what the person sees on the page.
"""

import csv
import io
import re
import secrets
import sqlite3
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from dream.demo.builder import DEMO_PASSWORD
from tests.browser.checks import check_accessibility
from tests.browser.conftest import Site

CLERK = ("demo-community-editor", "community_editor")
FIRST_APPROVER = ("demo-regional-approver", "regional_approver")
SECOND_APPROVER = ("demo-regional-approver-2", "regional_approver")
DONOR = ("demo-donor", "donor")
STEPS_NAVIGATION = "Кроки паспорта"
CODE = re.compile(r"DREAM-UA-\d{6}-[0-9A-F]{8}")
COST_UAH = 7_350_000
PLEDGE_UAH = 2_500_000
REASON = "Опис не каже, скільки учнів повернеться до навчання. Додайте кількість учнів."
FIXED_DESCRIPTION = (
    "Будівля ліцею пошкоджена обстрілом: зруйновано покрівлю і 42 вікна. Проєкт відновлює покрівлю і вікна, "
    "щоб 315 учнів повернулися до навчання."
)


@dataclass(frozen=True)
class Community:
    """The clerk's community as the clerk knows it: its name and the KATOTTG code of its hromada."""

    name: str
    territory: str


@dataclass(frozen=True)
class NewProject:
    """What the clerk types into the passport."""

    title_uk: str
    title_en: str
    community: Community


@pytest.fixture(scope="module")
def community(dream_site: Site) -> Community:
    """Read the clerk's community from the server's database, as the clerk knows it without looking it up."""
    with sqlite3.connect(f"file:{dream_site.database}?mode=ro", uri=True) as database:
        name, territory = database.execute(
            "SELECT o.name_uk, o.territory_id FROM parties_organisation o "
            "JOIN parties_membership m ON m.organisation_id = o.id "
            "JOIN accounts_user u ON u.id = m.user_id "
            "WHERE u.username = ? AND m.role = ?",
            CLERK,
        ).fetchone()
    return Community(name=name, territory=territory)


@pytest.fixture
def new_project(community: Community) -> NewProject:
    # A word of its own in the title finds this project alone, however often the suite runs on one server.
    word = f"Тест{secrets.token_hex(3)}"
    return NewProject(
        title_uk=f"Капітальний ремонт ліцею № 7 ({word})",
        title_en=f"Major repair of lyceum No. 7 ({word})",
        community=community,
    )


@pytest.fixture
def sign_in(open_tab: Callable[[str], Page]) -> Callable[[tuple[str, str]], Page]:
    """Return a function that opens a browser of its own for a demonstration account and signs it in."""

    def signed_in(account: tuple[str, str]) -> Page:
        username, role = account
        page = open_tab("uk-UA")
        page.goto("/")
        page.get_by_role("banner").get_by_role("link", name="Увійти").click()
        page.get_by_label("Ім'я користувача").fill(username)
        page.get_by_label("Пароль").fill(DEMO_PASSWORD.format(role=role))
        page.get_by_role("main").get_by_role("button", name="Увійти").click()
        expect(page.get_by_role("banner").get_by_role("button", name="Вийти")).to_be_visible()
        page.get_by_role("banner").get_by_role("link", name="Кабінет").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Кабінет")
        return page

    return signed_in


def _tiny_png() -> bytes:
    """Return a real PNG of one grey pixel: what a photo of the damage is to the upload's content check."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixel = zlib.compress(b"\x00\x80")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixel) + chunk(b"IEND", b"")


def _saved(page: Page, step_heading: str) -> None:
    """Assert that the step was saved and the next one is shown."""
    expect(page.get_by_role("main").get_by_text("Збережено.", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=step_heading)).to_be_visible()


def _line(page: Page, number: int):
    return page.locator("fieldset.line").nth(number - 1)


def _status_shown(page: Page) -> str:
    return page.locator("dd.project-status").inner_text()


def clerk_places_it(page: Page, community: Community) -> None:
    """The clerk gives the project's place: a wrong code is refused beside its field, then the right one is saved."""
    # A code that is no KATOTTG code is refused beside its field, and nothing is saved.
    page.get_by_label("Код місця за КАТОТТГ").fill("UA00000000000000000")
    page.get_by_role("button", name="Зберегти і продовжити").click()
    expect(page.get_by_role("heading", level=2, name="Місце реалізації")).to_be_visible()
    expect(page.locator(".field.has-errors").get_by_role("alert")).to_be_visible()

    page.get_by_label("Код місця за КАТОТТГ").fill(community.territory)
    page.get_by_label("Адреса").fill("вул. Шкільна, 7")
    page.get_by_label("Широта").fill("48.9226")
    page.get_by_label("Довгота").fill("24.7111")
    page.get_by_role("button", name="Зберегти і продовжити").click()
    _saved(page, "Кошторис")


def clerk_builds_and_submits(page: Page, project: NewProject) -> str:
    """The clerk fills each step of the guided passport from a template and submits it; return the project's code."""
    page.get_by_role("link", name="Зареєструвати новий проєкт").click()
    page.get_by_role("link", name="Ремонт пошкодженої школи").click()
    # The template fills the first step with a worked example to change into the community's own.
    expect(page.get_by_label("Назва українською")).to_have_value(re.compile(r"^Капітальний ремонт ліцею"))
    page.get_by_label("Назва українською").fill(project.title_uk)
    page.get_by_label("Назва англійською").fill(project.title_en)
    page.get_by_label("Опис українською").fill("Будівля ліцею пошкоджена обстрілом: зруйновано покрівлю і 42 вікна.")
    page.get_by_role("button", name="Зберегти і продовжити").click()

    notice = page.get_by_role("main").get_by_text(re.compile(rf"^Чернетку проєкту {CODE.pattern} збережено\.$"))
    expect(notice).to_be_visible()
    code = CODE.search(notice.inner_text()).group(0)
    expect(page.get_by_role("heading", level=2, name="Місце реалізації")).to_be_visible()

    clerk_places_it(page, project.community)

    year = datetime.now(tz=UTC).year
    for number, (item, amount) in enumerate((("design", 350_000), ("construction", COST_UAH - 350_000)), start=1):
        line = _line(page, number)
        line.get_by_label("Стаття витрат").select_option(item)
        line.get_by_label("Рік").fill(str(year))
        line.get_by_label("Сума, грн").fill(str(amount))
    page.get_by_role("button", name="Зберегти і продовжити").click()
    _saved(page, "Джерела фінансування")

    line = _line(page, 1)
    line.get_by_label("Джерело фінансування").select_option("localBudget")
    line.get_by_label("Вид коштів").select_option("stateFunds")
    line.get_by_label("Сума, грн").fill(str(COST_UAH))
    page.get_by_role("button", name="Зберегти і продовжити").click()
    _saved(page, "План фаз")

    line = _line(page, 1)
    line.get_by_label("Фаза").select_option("implementation")
    line.get_by_label("Плановий початок").fill(f"{year + 1}-03-01")
    line.get_by_label("Планове завершення").fill(f"{year + 1}-10-31")
    page.get_by_role("button", name="Зберегти і продовжити").click()
    _saved(page, "Документи і фото")

    page.get_by_label("Назва документа").fill("Фото пошкодженої покрівлі")
    page.get_by_label("Тип документа").select_option("illustrationDamaged")
    page.get_by_label("Файл").set_input_files({"name": "roof.png", "mimeType": "image/png", "buffer": _tiny_png()})
    page.get_by_role("button", name="Додати").click()
    expect(page.get_by_role("main").get_by_text("Збережено.", exact=True)).to_be_visible()
    expect(page.locator("ul.documents li")).to_have_text(re.compile(r"^Фото пошкодженої покрівлі · Фото пошкоджень"))
    page.get_by_role("link", name="Перейти до перевірки").click()
    expect(page.get_by_role("heading", level=2, name="Перевірити і подати")).to_be_visible()

    # Everything the checklist asks for is there, so nothing on it is marked missing.
    expect(page.locator("ul.checklist li.missing")).to_have_count(0)
    check_accessibility(page)
    page.get_by_role("button", name="Подати на оцінку").click()
    expect(page.get_by_role("status").filter(has_text=f"Проєкт {code} подано на оцінку.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=code)
    expect(row.locator("td[data-status]")).to_have_text("Оцінка")
    return code


def approver_decides(page: Page, code: str, title: str, *, decision: str, reason: str = "") -> None:
    """The approver finds the project in the queue, reads it and records the decision."""
    waiting = page.get_by_role("region", name="Очікують вашого рішення")
    waiting.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("main").get_by_text(code, exact=True)).to_be_visible()
    if reason:
        page.get_by_label("Причина").fill(reason)
    page.get_by_role("button", name=decision).click()
    expect(page.get_by_role("status").filter(has_text=f"Рішення збережено: проєкт {code}")).to_be_visible()
    # The decided project no longer waits for this person.
    expect(waiting.get_by_role("link", name=title)).to_have_count(0)


def clerk_fixes_and_resubmits(page: Page, code: str, title: str) -> None:
    """The clerk opens the refused project, reads why, fixes the description and submits again."""
    page.reload()
    row = page.get_by_role("row").filter(has_text=code)
    expect(row.locator("td[data-status]")).to_have_text("Відмовлено")
    row.get_by_role("link", name=title).click()
    refusal = page.get_by_role("note")
    expect(refusal.get_by_role("heading", name="Причина відмови")).to_be_visible()
    expect(refusal).to_contain_text(REASON)

    page.get_by_role("navigation", name=STEPS_NAVIGATION).get_by_role("link", name="Що це за проєкт").click()
    page.get_by_label("Опис українською").fill(FIXED_DESCRIPTION)
    page.get_by_role("button", name="Зберегти чернетку").click()
    expect(page.get_by_role("main").get_by_text("Збережено.", exact=True)).to_be_visible()
    expect(page.get_by_label("Опис українською")).to_have_value(FIXED_DESCRIPTION)

    page.get_by_role("navigation", name=STEPS_NAVIGATION).get_by_role("link", name="Перевірити і подати").click()
    page.get_by_role("button", name="Подати на оцінку").click()
    expect(page.get_by_role("status").filter(has_text=f"Проєкт {code} подано на оцінку.")).to_be_visible()


def second_approver_sees_the_history_and_approves(page: Page, code: str, title: str) -> None:
    waiting = page.get_by_role("region", name="Очікують вашого рішення")
    waiting.get_by_role("link", name=title).click()
    # Never having acted on it, the second approver reads everything recorded: the refusal and its reason included.
    history = page.get_by_role("region", name="Уся історія проєкту")
    expect(history).to_contain_text(REASON)
    expect(page.get_by_role("main")).to_contain_text("315 учнів")
    check_accessibility(page)
    page.get_by_role("button", name="Погодити оцінку").click()
    decided = f"Рішення збережено: проєкт {code} тепер має статус «Оцінено»"
    expect(page.get_by_role("status").filter(has_text=decided)).to_be_visible()


def clerk_structures_the_finances(page: Page, code: str, title: str) -> None:
    page.reload()
    page.get_by_role("row").filter(has_text=code).get_by_role("link", name=title).click()
    expect(page.locator("dd.project-status")).to_have_text("Оцінено")
    page.get_by_role("button", name="Почати структурування фінансування").click()
    expect(page.locator("dd.project-status")).to_have_text("Структурування")
    page.get_by_role("button", name="Завершити структурування").click()
    expect(page.get_by_role("main").get_by_text("Готово: Структуровано.", exact=True)).to_be_visible()
    expect(page.locator("dd.project-status")).to_have_text("Структуровано")


def donor_pledges(page: Page, project: NewProject, code: str) -> None:
    """The donor filters the projects that seek money by the hromada and pledges to this one."""
    page.get_by_role("link", name="Проєкти, яким потрібні кошти").click()
    page.get_by_label("Громада (код КАТОТТГ)").fill(project.community.territory)
    page.get_by_role("main").get_by_role("button", name="Показати").click()
    row = page.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text(project.title_uk)
    row.get_by_role("link", name="Пообіцяти кошти").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    page.get_by_label("Джерело фінансування").select_option("internationalOrganization")
    page.get_by_label("Сума").fill(str(PLEDGE_UAH))
    page.get_by_label("Валюта").select_option("UAH")
    page.get_by_role("main").get_by_role("button", name="Пообіцяти кошти").click()
    expect(page.get_by_role("status").filter(has_text=f"Вашу обіцянку проєкту {code} зареєстровано.")).to_be_visible()

    page.get_by_role("banner").get_by_role("link", name="Кабінет").click()
    page.get_by_role("link", name="Ваш портфель: обіцянки та зобов'язання").click()
    pledged = page.get_by_role("row").filter(has_text=code)
    # Ukrainian groups thousands with a no-break space and writes the decimal comma.
    expect(pledged).to_contain_text("2\u00a0500\u00a0000,00 UAH")


def citizen_finds_it(page: Page, project: NewProject, code: str) -> list[dict[str, str]]:
    """A citizen finds the project through the list's filters and the map; return the CSV of the selection."""
    page.goto("/")
    page.get_by_role("banner").get_by_role("navigation").get_by_role("link", name="Мапа", exact=True).click()
    word = project.title_uk.rsplit("(", 1)[1].rstrip(")")
    page.get_by_role("main").get_by_label("Пошук").fill(word)
    page.get_by_role("main").get_by_role("button", name="Показати").click()
    expect(page.get_by_role("main").get_by_text(re.compile(r"^1 місце на мапі"))).to_be_visible()
    # The only point drawn is this project's, and a click on it opens its page.
    point = page.locator("#map .scatterlayer .point")
    expect(point).to_have_count(1)
    point.click(force=True)
    page.wait_for_url(f"**/projects/{code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title_uk)
    expect(page.get_by_role("main")).to_contain_text("315 учнів")

    page.get_by_role("combobox", name="Мова").select_option("en")
    page.get_by_role("button", name="Змінити").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title_en)
    page.get_by_role("combobox", name="Language").select_option("uk")
    page.get_by_role("button", name="Switch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title_uk)

    page.get_by_role("banner").get_by_role("navigation").get_by_role("link", name="Проєкти", exact=True).click()
    page.get_by_role("main").get_by_label("Пошук").fill(word)
    page.get_by_role("combobox", name="Статус").select_option("pending")
    page.get_by_role("main").get_by_role("button", name="Показати").click()
    expect(page.get_by_role("table").get_by_role("link", name=code)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    body = download.value.path().read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_a_project_goes_from_the_clerk_through_two_approvers_and_a_donor_to_a_citizen(
    sign_in: Callable[[tuple[str, str]], Page], open_tab: Callable[[str], Page], new_project: NewProject
):
    clerk = sign_in(CLERK)
    code = clerk_builds_and_submits(clerk, new_project)
    title = new_project.title_uk

    first_approver = sign_in(FIRST_APPROVER)
    approver_decides(first_approver, code, title, decision="Відмовити з причиною, зазначеною вище", reason=REASON)

    clerk_fixes_and_resubmits(clerk, code, title)

    second_approver = sign_in(SECOND_APPROVER)
    second_approver_sees_the_history_and_approves(second_approver, code, title)

    clerk_structures_the_finances(clerk, code, title)

    donor = sign_in(DONOR)
    donor_pledges(donor, new_project, code)

    rows = citizen_finds_it(open_tab("uk-UA"), new_project, code)
    assert len(rows) == 1, rows
    assert code in rows[0].values()
    assert title in rows[0].values()
