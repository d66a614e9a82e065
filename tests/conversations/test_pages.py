import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conversations import services
from conversations.models import Message, Thread
from projects.codes import StatusDetail
from tests.factories import MINIMAL_PDF, project_in


@pytest.fixture
def project(cast):
    return project_in(cast, StatusDetail.STRUCTURED, title_uk="Відновлення ліцею №3")


@pytest.fixture
def thread(project, donors):
    return services.open_thread(actor=donors.fund_user, project=project, body="Чи є проєктна документація?")


def test_the_list_shows_my_conversations(thread, project, cast, donors, client):
    client.force_login(cast.bucha_editor)

    page = client.get("/cabinet/conversations/").content.decode()

    assert project.code in page
    assert donors.fund.name_uk in page
    assert f"/cabinet/conversations/{thread.pk}/" in page


def test_an_anonymous_visitor_is_sent_to_sign_in(thread, client):
    response = client.get(f"/cabinet/conversations/{thread.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_donor_opens_a_conversation_from_its_form(project, donors, client):
    client.force_login(donors.fund_user)
    form = client.get(f"/cabinet/conversations/new/?project={project.code}").content.decode()
    assert "Відновлення ліцею №3" in form

    response = client.post(
        "/cabinet/conversations/new/",
        {"project": project.code, "donor": donors.fund.edrpou, "body": "Добрий день, громадо"},
        follow=True,
    )

    thread = Thread.objects.get()
    assert response.redirect_chain[-1][0] == f"/cabinet/conversations/{thread.pk}/"
    assert "Добрий день, громадо" in response.content.decode()


def test_the_form_of_an_existing_conversation_leads_to_it(thread, project, donors, client):
    client.force_login(donors.fund_colleague)

    response = client.get(f"/cabinet/conversations/new/?project={project.code}")

    assert response.status_code == 302
    assert response["Location"] == f"/cabinet/conversations/{thread.pk}/"


def test_the_form_shows_the_refusal_and_keeps_the_text(cast, donors, client):
    project = project_in(cast, StatusDetail.DEFINITION)
    client.force_login(donors.fund_user)

    response = client.post("/cabinet/conversations/new/", {"project": project.code, "body": "Мій довгий лист"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "seek money" in page
    assert "Мій довгий лист" in page
    assert not Thread.objects.exists()


def test_a_participant_answers_with_a_file(thread, cast, client):
    client.force_login(cast.bucha_editor)

    response = client.post(
        f"/cabinet/conversations/{thread.pk}/",
        {"body": "Так, ось вона", "files": [SimpleUploadedFile("проєкт.pdf", MINIMAL_PDF)]},
        follow=True,
    )

    page = response.content.decode()
    assert "Чи є проєктна документація?" in page
    assert "Так, ось вона" in page
    assert "проєкт.pdf" in page
    attachment = Message.objects.get(body="Так, ось вона").attachments.get()
    served = client.get(f"/cabinet/conversations/{thread.pk}/attachments/{attachment.pk}/")
    assert b"".join(served.streaming_content) == MINIMAL_PDF


def test_a_refused_answer_is_shown_with_the_text_kept(thread, cast, client):
    client.force_login(cast.bucha_editor)

    response = client.post(
        f"/cabinet/conversations/{thread.pk}/",
        {"body": "Ось файл", "files": [SimpleUploadedFile("a.pdf", b"plain text")]},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "a.pdf is an unrecognised format" in page
    assert "Ось файл" in page
    assert thread.messages.count() == 1


def test_an_outsider_sees_a_refusal_not_the_conversation(thread, cast, donors, client):
    client.force_login(donors.bank_user)

    response = client.get(f"/cabinet/conversations/{thread.pk}/")
    posted = client.post(f"/cabinet/conversations/{thread.pk}/", {"body": "Я теж"})

    assert response.status_code == 403
    assert "Чи є проєктна документація?" not in response.content.decode()
    assert posted.status_code == 403
    assert thread.messages.count() == 1
