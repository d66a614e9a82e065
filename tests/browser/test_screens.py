"""The main public pages in both languages, as a person sees them: each with its heading, checked and photographed.

The screenshots go to `var/screenshots/`, which git ignores, for a person to look at after a change of the pages.
"""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.checks import screenshot

HEADINGS = {
    "uk-UA": {
        "home": "Відбудова України, відкрита для всіх",
        "list": "Проєкти відновлення",
        "dashboards": "Панелі показників",
        "map": "Мапа проєктів",
    },
    "en-US": {
        "home": "Reconstruction of Ukraine, open to everyone",
        "list": "Reconstruction projects",
        "dashboards": "Dashboards",
        "map": "Map of projects",
    },
}
PATHS = {"home": "/", "list": "/projects/", "dashboards": "/dashboards/", "map": "/map/"}


@pytest.mark.parametrize("locale", list(HEADINGS))
@pytest.mark.parametrize("name", list(PATHS))
def test_main_page_is_shown_in_the_browsers_language_with_its_charts_drawn(page: Page, locale: str, name: str):
    response = page.goto(PATHS[name])

    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", locale[:2])
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS[locale][name])
    # Every chart or map the page carries is drawn by plotly.js once the page has loaded.
    for figure in page.locator("[data-figure]").all():
        expect(figure).to_be_visible()
        expect(figure.locator(".main-svg").first).to_be_attached()
    screenshot(page, f"{name}-{locale[:2]}")


@pytest.mark.parametrize("locale", list(HEADINGS))
def test_project_page_is_photographed_in_both_languages(page: Page, locale: str):
    page.goto("/projects/?status=active")
    page.get_by_role("table").get_by_role("link").first.click()

    expect(page.locator("html")).to_have_attribute("lang", locale[:2])
    expect(page.get_by_role("heading", level=1)).not_to_be_empty()
    screenshot(page, f"project-{locale[:2]}")
