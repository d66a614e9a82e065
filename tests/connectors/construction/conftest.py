import pytest

from tests.factories import BUCHA_CITY, ProjectFactory


def document_row(**changes):
    """A good row of ЄДЕССБ's export, with English column names: a permit for restoring a school."""
    row = {
        "registration_number": "ІУ013230712345",
        "kind": "construction_permit",
        "consequence_class": "CC2",
        "object_name": "Капітальний ремонт ліцею №3",
        "katottg": BUCHA_CITY,
        "address": "вул. Вокзальна, 12",
        "issued_on": "2023-07-12",
        "valid_until": "2026-07-12",
        "commissioned_on": "",
        "issuing_authority": "Державна інспекція архітектури та містобудування України",
        "issuing_authority_edrpou": "44245840",
        "project_code": "",
        "damaged_asset_register_id": "",
    }
    return {**row, **changes}


def three_documents(**changes_of_second):
    """Three good rows; the second, a commissioning certificate, takes the changes given."""
    second = {
        "registration_number": "ІУ123231115432",
        "kind": "commissioning_certificate",
        "consequence_class": "СС3",
        "issued_on": "16.11.2023",
        "valid_until": "",
        "commissioned_on": "2023-11-15",
        **changes_of_second,
    }
    return [
        document_row(),
        document_row(**second),
        document_row(
            registration_number="ЗР013240101010",
            kind="construction_notice",
            consequence_class="CC1",
            valid_until="",
        ),
    ]


@pytest.fixture
def project(cast):
    return ProjectFactory(actor=cast.bucha_editor, initiator=cast.bucha, title_uk="Відновлення ліцею №3 у Бучі")
