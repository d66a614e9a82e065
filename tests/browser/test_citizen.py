"""A citizen on the public portal: filters the projects, opens one, and reads the portal in English and Ukrainian."""

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from projects.codes import Status, StatusDetail
from projects.lifecycle import STEPS
from projects.models import Project
from tests.browser.checks import check_accessibility, screenshot

PAGE_SIZE = 25
COUNT_UK = re.compile(r"^(\d+) проєкт")

PUBLIC_PAGES = [
    ("/", {}),
    ("/projects/", {}),
    ("/dashboards/", {}),
    ("/map/", {}),
    ("/showcase/", {}),
    ("/calls/", {}),
    ("/downloads/", {}),
    ("/accounts/login/", {}),
]


def _as_shown_in_ukrainian(label: str) -> set[str]:
    """Return how a page in Ukrainian may show a code's label: whole ("Оцінка / Appraisal") or its Ukrainian half."""
    return {label, label.partition(" / ")[0]}


def _status_details_within(status: str) -> set[str]:
    """Return what a list row may show for a project in ``status``: the details the life cycle reaches within it."""
    # NOTE: the list's Status column shows a project's status detail, not the status the filter names, so a row
    # carries its status through the details the life cycle allows within that status.
    fields = Project._meta
    registered = (fields.get_field("status").default, fields.get_field("status_details").default)
    states = {registered} | {step.target for step in STEPS.values()}
    return {
        shown
        for owner, detail in states
        if owner == status
        for shown in _as_shown_in_ukrainian(str(StatusDetail(detail).label))
    }


def _open_project_list(page: Page) -> None:
    """Open the portal's front page and follow the main menu to the list of projects, as a visitor would."""
    page.goto("/")
    page.get_by_role("banner").get_by_role("navigation").get_by_role("link", name="Проєкти", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Проєкти відновлення")


def _rows(page: Page) -> list[dict[str, str]]:
    """Return the rows of the projects table as the person reads them, each cell under its column's heading."""
    table = page.get_by_role("table")
    headings = table.locator("thead th").all_inner_texts()
    return [
        dict(zip(headings, row.locator("td").all_inner_texts(), strict=True))
        for row in table.locator("tbody tr").all()
    ]


def _shown_count(page: Page) -> int:
    """Return the number of projects the list says it found."""
    match = COUNT_UK.match(page.get_by_role("main").get_by_text(COUNT_UK).first.inner_text())
    assert match, "the list does not say how many projects it found"
    return int(match.group(1))


def _filter_by_status(page: Page, status: str) -> str:
    """Choose a status in the filters, show the selection, and return the option's text as the person read it."""
    choice = page.get_by_role("combobox", name="Статус")
    choice.select_option(status)
    chosen = choice.locator("option:checked").inner_text()
    page.get_by_role("button", name="Показати").click()
    page.wait_for_url(lambda url: f"status={status}" in url)
    return chosen


def _filters_in_address(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _open_first_project(page: Page) -> dict[str, str]:
    """Open the project of the list's first row, and return that row."""
    first = _rows(page)[0]
    page.get_by_role("table").get_by_role("link", name=first["Код"], exact=True).click()
    page.wait_for_url(f"**/projects/{first['Код']}/")
    return first


def _passport_status(page: Page) -> str:
    term = page.get_by_role("main").locator("dt", has_text=re.compile(r"^Статус$"))
    return term.locator("xpath=following-sibling::dd[1]").inner_text()


@pytest.mark.parametrize("status", [Status.PENDING, Status.ACTIVE, Status.COMPLETE], ids=str)
def test_status_filter_shows_only_projects_of_that_status(page: Page, status: Status):
    _open_project_list(page)
    everything = _shown_count(page)

    chosen = _filter_by_status(page, status)

    assert _filters_in_address(page)["status"] == [status]
    choice = page.get_by_role("combobox", name="Статус")
    expect(choice).to_have_value(status)
    assert choice.locator("option:checked").inner_text() == chosen
    found = _shown_count(page)
    rows = _rows(page)
    assert 0 < found < everything
    assert len(rows) == min(found, PAGE_SIZE)
    assert {row["Статус"] for row in rows} <= _status_details_within(status)
    check_accessibility(page)


def test_next_page_keeps_the_status_filter(page: Page):
    _open_project_list(page)
    _filter_by_status(page, Status.PENDING)
    found = _shown_count(page)
    assert found > PAGE_SIZE, "the demonstration data no longer fills two pages of pending projects"
    first_page = {row["Код"] for row in _rows(page)}

    page.get_by_role("navigation", name="Сторінки").get_by_role("link", name="Наступна").click()
    page.wait_for_url(lambda url: "page=2" in url)

    assert _filters_in_address(page)["status"] == [Status.PENDING]
    expect(page.get_by_role("combobox", name="Статус")).to_have_value(Status.PENDING)
    rows = _rows(page)
    assert len(rows) == found - PAGE_SIZE
    assert not first_page & {row["Код"] for row in rows}
    assert {row["Статус"] for row in rows} <= _status_details_within(Status.PENDING)
    check_accessibility(page)


def test_project_page_shows_the_code_and_title_chosen_in_the_list(page: Page):
    _open_project_list(page)

    first = _open_first_project(page)

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(first["Назва"])
    code = page.get_by_role("main").get_by_text(first["Код"], exact=True).first
    expect(code).to_be_visible()
    assert code.bounding_box()["y"] < heading.bounding_box()["y"], "the project's code is not above its title"
    assert page.title().startswith(f"{first['Назва']} ·")
    screenshot(page, "project-page-uk")
    check_accessibility(page)


def test_project_page_shows_the_status_the_list_was_filtered_by(page: Page):
    _open_project_list(page)
    chosen = _filter_by_status(page, Status.ACTIVE)

    first = _open_first_project(page)

    status = _passport_status(page)
    assert chosen in status
    assert first["Статус"] in status
    check_accessibility(page)


def test_language_switch_turns_the_interface_english_and_back(page: Page):
    _open_project_list(page)
    navigation = page.get_by_role("banner").get_by_role("navigation")
    list_path = urlsplit(page.url).path
    screenshot(page, "project-list-uk")

    page.get_by_role("combobox", name="Мова").select_option("en")
    page.get_by_role("button", name="Змінити").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(navigation.get_by_role("link", name="Projects", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reconstruction projects")
    assert urlsplit(page.url).path == list_path
    check_accessibility(page)
    screenshot(page, "project-list-en")

    page.get_by_role("combobox", name="Language").select_option("uk")
    page.get_by_role("button", name="Switch").click()

    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(navigation.get_by_role("link", name="Проєкти", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Проєкти відновлення")
    assert urlsplit(page.url).path == list_path


@pytest.mark.parametrize("locale", ["en-US"])
def test_project_page_in_english_shows_the_english_title_and_interface(page: Page):
    page.goto("/")
    page.get_by_role("banner").get_by_role("navigation").get_by_role("link", name="Projects", exact=True).click()
    first = _rows(page)[0]

    page.get_by_role("table").get_by_role("link", name=first["Code"], exact=True).click()
    page.wait_for_url(f"**/projects/{first['Code']}/")

    expect(page.get_by_role("heading", level=1)).to_have_text(first["Title"])
    expect(page.get_by_role("main").locator("dt").first).to_have_text("Status")
    screenshot(page, "project-page-en")
    check_accessibility(page)


def test_visitor_after_another_can_switch_the_front_page_to_english(open_tab: Callable[[str], Page]):
    # The second visitor may be served the page as it was made for the first; the switch must work all the same.
    open_tab("uk-UA").goto("/")
    page = open_tab("uk-UA")
    page.goto("/")

    page.get_by_role("combobox", name="Мова").select_option("en")
    page.get_by_role("button", name="Змінити").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("banner").get_by_role("link", name="Projects", exact=True)).to_be_visible()


@pytest.mark.parametrize("locale", ["uk-UA", "en-US"])
@pytest.mark.parametrize(("path", "known"), PUBLIC_PAGES, ids=[path for path, _ in PUBLIC_PAGES])
def test_public_page_has_no_serious_accessibility_violation(page: Page, path: str, known: dict[str, str], locale: str):
    response = page.goto(path)

    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", locale[:2])
    check_accessibility(page, known=known)
