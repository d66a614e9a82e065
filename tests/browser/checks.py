"""What the browser tests check on every page they visit: accessibility by axe-core, and a screenshot to look at."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

REPOSITORY = Path(__file__).resolve().parent.parent.parent
# axe-core from the npm registry, pinned in package.json and installed by `npm ci`.
AXE_SCRIPT = REPOSITORY / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPOSITORY / "var" / "screenshots"

# The success criteria of WCAG 2.0 and 2.1 at levels A and AA, as axe-core tags its rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# A violation of these impacts stops or misleads a person using assistive technology; lesser ones are advice.
BLOCKING_IMPACTS = {"serious", "critical"}
TARGETS_SHOWN = 3


def _describe(violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    targets = [" ".join(node["target"]) for node in nodes[:TARGETS_SHOWN]]
    more = f" and {len(nodes) - TARGETS_SHOWN} more" if len(nodes) > TARGETS_SHOWN else ""
    return f"- {violation['id']} ({violation['impact']}): {violation['help']}; at {', '.join(targets)}{more}"


def check_accessibility(page: Page, *, known: Mapping[str, str] | None = None) -> None:
    """Fail listing every serious or critical WCAG 2.1 AA violation that axe-core finds on the page as it is now.

    ``known`` maps the id of a rule the page is known to break to where it breaks it: when those are all that is
    found, the test is marked as an expected failure naming them; when one of them is no longer found, the test fails
    so that its mark is removed.
    """
    known = known or {}
    page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    blocking = [violation for violation in results["violations"] if violation["impact"] in BLOCKING_IMPACTS]
    unexpected = [violation for violation in blocking if violation["id"] not in known]
    if unexpected:
        listed = "\n".join(_describe(violation) for violation in unexpected)
        pytest.fail(f"axe-core found serious accessibility violations on {page.url}:\n{listed}", pytrace=False)
    fixed = set(known) - {violation["id"] for violation in blocking}
    if fixed:
        pytest.fail(
            f"{', '.join(sorted(fixed))} no longer found on {page.url}: remove it from `known`.", pytrace=False
        )
    if known:
        pytest.xfail("; ".join(f"axe-core rule {rule} fails at {where}" for rule, where in sorted(known.items())))


def screenshot(page: Page, name: str) -> Path:
    """Write the whole page as ``var/screenshots/<name>.png`` and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path
