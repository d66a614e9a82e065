from datetime import date

import pytest

from tests.factories import BUCHA_CITY, ProjectFactory

LVIV_CITY = "UA46060250010015970"


def asset_row(**changes):
    """A good row of the damage register's export, with English column names."""
    row = {
        "register_id": "DA-2023-000101",
        "katottg": BUCHA_CITY,
        "address": "вул. Вокзальна, 12",
        "object_type": "school",
        "damage_category": "damaged",
        "damaged_on": "2022-03-05",
        "estimated_loss_uah": "1250000,50",
        "project_codes": "",
        "owner_is_private": "ні",
    }
    return {**row, **changes}


def three_assets(**changes_of_second):
    """Three good rows; the second takes the changes given."""
    return [
        asset_row(),
        asset_row(
            **{"register_id": "DA-2023-000102", "katottg": LVIV_CITY, "object_type": "bridge", **changes_of_second}
        ),
        asset_row(register_id="DA-2023-000103", damage_category="destroyed", damaged_on=date(2022, 4, 1)),
    ]


@pytest.fixture
def project(cast):
    return ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha, title_uk="Відновлення школи №3 у Бучі")


@pytest.fixture
def other_project(cast):
    return ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha, title_uk="Відновлення мосту")
