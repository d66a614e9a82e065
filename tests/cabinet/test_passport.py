"""The guided passport and the approvers' queue: a community builds and submits a project, approvers decide."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from parties.models import Role
from parties.services import grant_role
from projects.models import Project
from tests.factories import BUCHANSKA_HROMADA, MINIMAL_PDF, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_kyiv_approver(cast):
    user = UserFactory(username="kyiv-approver-2", email="approver2@example.org")
    grant_role(user=user, organisation=cast.kyiv_administration, role=Role.REGIONAL_APPROVER)
    return user


def _signed_in(client, user):
    client.force_login(user)
    return client


BASICS = {
    "title_uk": "Відновлення гімназії №2",
    "title_en": "Restoring gymnasium No. 2",
    "description_uk": "Дах і вікна пошкоджені обстрілом; проєкт їх замінює.",
    "description_en": "",
    "purpose": "restoration",
    "type": "rehabilitation",
    "sector": "ES",
}


def _build(client) -> Project:
    """Fill every step of the passport through the forms, as a clerk would."""
    response = client.post("/cabinet/projects/new/", {**BASICS, "continue": ""})
    project = Project.objects.get(title_uk="Відновлення гімназії №2")
    assert response.status_code == 302
    assert response["Location"] == f"/cabinet/projects/{project.code}/place/"
    client.post(
        f"/cabinet/projects/{project.code}/place/",
        {
            "territory": BUCHANSKA_HROMADA.lower(),
            "address": "вул. Шевченка, 12",
            "latitude": "50.5431",
            "longitude": "30.2128",
            "continue": "",
        },
    )
    client.post(
        f"/cabinet/projects/{project.code}/budget/",
        {
            "budget-TOTAL_FORMS": "3",
            "budget-INITIAL_FORMS": "0",
            "budget-0-cost_item": "construction",
            "budget-0-year": "2027",
            "budget-0-amount": "2500000.00",
            "budget-1-cost_item": "design",
            "budget-1-year": "2027",
            "budget-1-amount": "150000.50",
            "continue": "",
        },
    )
    return project


def test_a_community_builds_the_passport_step_by_step_and_each_step_is_saved(client, cast):
    project = _build(_signed_in(client, cast.bucha_editor))

    project.refresh_from_db()
    assert project.status_details == "initiated"
    assert list(project.locations.values_list("territory_id", "address")) == [(BUCHANSKA_HROMADA, "вул. Шевченка, 12")]
    assert project.estimated_cost_uah == Decimal("2650000.50")
    assert list(
        AuditEvent.objects.filter(object_id=project.code).order_by("position").values_list("action", flat=True)
    ) == ["project.registered", "project.locations_set", "project.budget_set"]


def test_a_new_project_can_start_from_a_template(client, cast):
    page = _signed_in(client, cast.bucha_editor).get("/cabinet/projects/new/", {"template": "water"}).content.decode()

    assert 'value="Реконструкція водогону, с. …"' in page
    assert '<option value="WC" selected>' in page


def test_each_field_shows_its_tip_an_example_and_a_link_to_the_help(client, cast):
    page = _signed_in(client, cast.bucha_editor).get("/cabinet/projects/new/", HTTP_ACCEPT_LANGUAGE="en").content
    page = page.decode()

    assert "Say what is built or restored, and where, in one line a resident understands." in page
    assert '<a href="/help/fields/#tip-title_uk">' in page
    assert 'aria-describedby="id-title_uk-tip"' in page
    help_page = client.get("/help/fields/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="tip-title_uk"' in help_page


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("place", {"territory": "UA0000000000000000X"}, "is not a code of the KATOTTG codifier"),
        ("place", {"territory": BUCHANSKA_HROMADA, "latitude": "50.1"}, "Give both the latitude and the longitude"),
        (
            "budget",
            {"budget-TOTAL_FORMS": "1", "budget-INITIAL_FORMS": "0", "budget-0-cost_item": "design"},
            "Fill the cost item, the year and the amount of this line",
        ),
        (
            "phases",
            {
                "phases-TOTAL_FORMS": "1",
                "phases-INITIAL_FORMS": "0",
                "phases-0-phase": "implementation",
                "phases-0-planned_start": "2027-05-01",
                "phases-0-planned_end": "2027-04-01",
            },
            "The planned end comes before the planned start.",
        ),
    ],
    ids=["unknown-territory", "half-a-point", "half-a-line", "end-before-start"],
)
def test_a_wrong_step_says_what_to_fix_and_changes_nothing(client, cast, step, data, message):
    project = _build(_signed_in(client, cast.bucha_editor))
    events = AuditEvent.objects.count()

    response = client.post(
        f"/cabinet/projects/{project.code}/{step}/", {**data, "continue": ""}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert AuditEvent.objects.count() == events
    assert list(Project.objects.get(pk=project.pk).locations.values_list("territory_id", flat=True)) == [
        BUCHANSKA_HROMADA
    ]


def test_a_document_that_is_not_what_its_type_needs_is_refused_beside_its_field(client, cast):
    project = _build(_signed_in(client, cast.bucha_editor))

    response = client.post(
        f"/cabinet/projects/{project.code}/documents/",
        {
            "title": "Фото до",
            "document_type": "illustrationBefore",
            "access_level": "open",
            "file": _upload("photo.jpg", MINIMAL_PDF),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "photo.jpg is application/pdf" in response.content.decode()
    assert not project.documents.exists()


def _upload(name, content):
    return SimpleUploadedFile(name, content)


def test_someone_else_s_project_is_not_found_in_the_cabinet(client, cast):
    project = _build(_signed_in(client, cast.bucha_editor))

    assert _signed_in(client, cast.lviv_editor).get(f"/cabinet/projects/{project.code}/basics/").status_code == 404


def test_the_cabinet_asks_to_sign_in(client):
    response = client.get("/cabinet/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/cabinet/")


def test_refused_then_fixed_then_approved_by_a_second_approver(client, cast, second_kyiv_approver):
    cast.kyiv_approver.email = "approver1@example.org"
    cast.kyiv_approver.save()
    cast.bucha_editor.email = "clerk@example.org"
    cast.bucha_editor.save()
    project = _build(_signed_in(client, cast.bucha_editor))

    # Submitted: both approvers of the oblast hear of it, and it waits in their queues.
    assert client.post(f"/cabinet/projects/{project.code}/submit/").status_code == 302
    assert Project.objects.get(pk=project.pk).status_details == "appraisal"
    assert sorted(message.to[0] for message in mail.outbox) == ["approver1@example.org", "approver2@example.org"]
    page = _signed_in(client, cast.kyiv_approver).get("/cabinet/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    queue = page.split('<table class="waiting">', 1)[1].split("</table>", 1)[0]
    assert f'href="/cabinet/projects/{project.code}/decision/"' in queue

    # A refusal needs its reason.
    refused = client.post(
        f"/cabinet/projects/{project.code}/decision/", {"decision": "refuse", "comment": ""}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 400
    assert "give the reason in a comment" in refused.content.decode()
    assert Project.objects.get(pk=project.pk).status_details == "appraisal"
    client.post(
        f"/cabinet/projects/{project.code}/decision/",
        {"decision": "refuse", "comment": "Додайте звіт експертизи кошторису."},
    )
    assert Project.objects.get(pk=project.pk).status_details == "refused"
    assert mail.outbox[-1].to == ["clerk@example.org"]

    # The clerk reads the reason, fixes the estimate and submits again.
    page = _signed_in(client, cast.bucha_editor).get(f"/cabinet/projects/{project.code}/review/").content.decode()
    assert "Додайте звіт експертизи кошторису." in page
    assert "<h2>Перевірити і подати</h2>" in page, "the clerk was not shown the passport's check and submit step"
    client.post(f"/cabinet/projects/{project.code}/submit/")
    project.refresh_from_db()
    assert project.status_details == "appraisal"

    # The second approver sees what changed since they last acted (never: everything) and approves.
    review = _signed_in(client, second_kyiv_approver).get(f"/cabinet/projects/{project.code}/decision/").content
    assert "project.refuse" in review.decode()
    client.post(f"/cabinet/projects/{project.code}/decision/", {"decision": "appraise", "comment": ""})
    assert Project.objects.get(pk=project.pk).status_details == "appraised"
    assert list(
        AuditEvent.objects.filter(object_id=project.code).order_by("position").values_list("action", flat=True)
    )[3:] == [
        "project.begin_definition",
        "project.complete_definition",
        "project.submit_for_appraisal",
        "project.refuse",
        "project.revise",
        "project.complete_definition",
        "project.submit_for_appraisal",
        "project.appraise",
    ]
    assert mail.outbox[-1].to == ["clerk@example.org"]


def test_the_first_approver_then_sees_only_what_changed_since_their_refusal(client, cast):
    project = _build(_signed_in(client, cast.bucha_editor))
    client.post(f"/cabinet/projects/{project.code}/submit/")
    _signed_in(client, cast.kyiv_approver).post(
        f"/cabinet/projects/{project.code}/decision/", {"decision": "refuse", "comment": "Бракує адреси."}
    )
    _signed_in(client, cast.bucha_editor).post(f"/cabinet/projects/{project.code}/submit/")

    page = _signed_in(client, cast.kyiv_approver).get(f"/cabinet/projects/{project.code}/decision/").content.decode()

    changes = page.split('<ol class="changes">', 1)[1].split("</ol>", 1)[0]
    assert "project.revise" in changes
    assert "project.submit_for_appraisal" in changes
    assert "project.registered" not in changes
    assert "project.refuse" not in changes


def test_a_submission_with_something_missing_is_refused_whole(client, cast):
    _signed_in(client, cast.bucha_editor).post("/cabinet/projects/new/", {**BASICS, "continue": ""})
    project = Project.objects.get(title_uk=BASICS["title_uk"])

    response = client.post(f"/cabinet/projects/{project.code}/submit/", follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert "the project needs at least one location" in response.content.decode()
    # Not even the first of the three steps was kept.
    assert Project.objects.get(pk=project.pk).status_details == "initiated"


def test_an_approver_cannot_decide_on_a_project_outside_their_oblast(client, cast):
    project = _build(_signed_in(client, cast.bucha_editor))
    client.post(f"/cabinet/projects/{project.code}/submit/")

    page = _signed_in(client, cast.lviv_approver).get("/cabinet/").content.decode()
    queue = page.split('<table class="waiting">', 1)[1].split("</table>", 1)[0]
    response = client.post(
        f"/cabinet/projects/{project.code}/decision/",
        {"decision": "appraise", "comment": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert project.code not in queue
    assert response.status_code == 400
    assert "decided by a regional approver of the oblast where it lies" in response.content.decode()
    assert Project.objects.get(pk=project.pk).status_details == "appraisal"


def test_a_refused_place_is_shown_beside_the_code_field_not_only_above_the_form(client, cast):
    project = _build(_signed_in(client, cast.bucha_editor))

    response = client.post(
        f"/cabinet/projects/{project.code}/place/",
        {"territory": "UA00000000000000000", "continue": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    page = response.content.decode()
    field = page[page.index('<label for="id_territory"') : page.index('<label for="id_address"')]
    assert response.status_code == 400
    assert "&#x27;UA00000000000000000&#x27; is not a code of the KATOTTG codifier." in field


@pytest.mark.parametrize(
    ("language", "to_do"),
    [
        ("uk", "Вкажіть принаймні одне місце за кодом КАТОТТГ."),
        ("en", "Give at least one place by its KATOTTG code."),
    ],
)
def test_the_checklist_says_what_to_do_in_the_page_language(client, cast, language, to_do):
    _signed_in(client, cast.bucha_editor).post("/cabinet/projects/new/", {**BASICS, "continue": ""})
    project = Project.objects.get(title_uk=BASICS["title_uk"])

    page = client.get(f"/cabinet/projects/{project.code}/review/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    checklist = page.split('<ul class="checklist">', 1)[1].split("</ul>", 1)[0]
    assert to_do in checklist
    assert "the project needs" not in checklist
