import hashlib

import pytest

from audit.models import AuditEvent
from conversations import services
from conversations.models import Attachment, Message, Thread
from projects.codes import StatusDetail
from tests.factories import MINIMAL_PDF, png_bytes, project_in


@pytest.fixture
def project(cast):
    return project_in(cast, StatusDetail.STRUCTURED)


@pytest.fixture
def thread(project, donors):
    return services.open_thread(actor=donors.fund_user, project=project, body="Чи готові ви до співфінансування?")


def _events(action):
    return list(AuditEvent.objects.filter(action=action))


def test_a_donor_opens_a_private_conversation_with_its_first_message(project, donors):
    thread = services.open_thread(actor=donors.fund_user, project=project, body="  Чи готові ви?  ")

    assert (thread.project, thread.donor, thread.opened_by) == (project, donors.fund, donors.fund_user)
    message = thread.messages.get()
    assert (message.body, message.author_organisation) == ("Чи готові ви?", donors.fund)
    [event] = _events("conversation.opened")
    assert (event.object_type, event.object_id, event.is_public) == ("conversation", str(thread.pk), False)
    assert event.after["body"] == "Чи готові ви?"
    assert event.actor_organisation == donors.fund.edrpou


@pytest.mark.parametrize("state", [StatusDetail.STRUCTURED, StatusDetail.APPLIED, StatusDetail.APPROVED])
def test_a_donor_opens_a_conversation_about_any_project_that_seeks_money(cast, donors, state):
    project = project_in(cast, state)

    thread = services.open_thread(actor=donors.fund_user, project=project, body="Добрий день")

    assert thread.pk is not None


@pytest.mark.parametrize("state", [StatusDetail.DEFINITION, StatusDetail.APPRAISAL, StatusDetail.IMPLEMENTATION])
def test_no_conversation_opens_about_a_project_that_does_not_seek_money(cast, donors, state):
    project = project_in(cast, state)

    with pytest.raises(services.NotSeekingMoney) as refused:
        services.open_thread(actor=donors.fund_user, project=project, body="Добрий день")

    assert refused.value.code == "project_not_seeking_money"
    assert project.code in refused.value.message
    assert not Thread.objects.exists()
    assert not _events("conversation.opened")


def test_only_a_donors_user_opens_a_conversation(project, cast, donors):
    with pytest.raises(services.NotADonor) as refused:
        services.open_thread(actor=cast.lviv_editor, project=project, body="Добрий день")

    assert refused.value.code == "not_a_donor"
    assert refused.value.status == 403
    assert not Thread.objects.exists()


def test_a_user_cannot_write_for_a_donor_they_do_not_act_for(project, donors):
    with pytest.raises(services.NotADonor) as refused:
        services.open_thread(actor=donors.fund_user, project=project, donor=donors.bank, body="Добрий день")

    assert refused.value.field == "donor"
    assert donors.bank.edrpou in refused.value.message
    assert not Thread.objects.exists()


def test_a_donor_has_one_conversation_per_project(thread, project, donors):
    with pytest.raises(services.ConversationExists) as refused:
        services.open_thread(actor=donors.fund_colleague, project=project, body="Ще раз")

    assert refused.value.code == "conversation_exists"
    assert str(thread.pk) in refused.value.message
    assert Thread.objects.count() == 1
    assert Message.objects.count() == 1


def test_another_donor_opens_its_own_conversation_about_the_same_project(thread, project, donors):
    other = services.open_thread(actor=donors.bank_user, project=project, body="Ми теж зацікавлені")

    assert other.pk != thread.pk
    assert other.donor == donors.bank


def test_the_initiators_editor_answers_for_the_initiator(thread, cast):
    message = services.post_message(actor=cast.bucha_editor, thread=thread, body="Так, готові.")

    assert message.author_organisation == cast.bucha
    thread.refresh_from_db()
    assert thread.last_message_at == message.sent_at
    [event] = _events("conversation.message_posted")
    assert (event.is_public, event.actor_organisation, event.after["message"]) == (
        False,
        cast.bucha.edrpou,
        message.pk,
    )


@pytest.mark.parametrize("outsider", ["lviv_editor", "kyiv_approver", "auditor", "bank_user"])
def test_nobody_outside_the_two_sides_writes_in_a_conversation(thread, cast, donors, outsider):
    actor = getattr(cast, outsider, None) or getattr(donors, outsider)

    with pytest.raises(services.NotParticipant) as refused:
        services.post_message(actor=actor, thread=thread, body="Втручаюсь")

    assert refused.value.code == "not_a_participant"
    assert refused.value.status == 403
    assert thread.messages.count() == 1
    assert not _events("conversation.message_posted")


def test_an_empty_message_is_refused(thread, cast):
    with pytest.raises(services.EmptyMessage) as refused:
        services.post_message(actor=cast.bucha_editor, thread=thread, body="   ")

    assert (refused.value.code, refused.value.field) == ("empty_message", "body")
    assert thread.messages.count() == 1


def test_an_attachment_is_stored_under_its_sha256_once(thread, cast, donors):
    digest = hashlib.sha256(MINIMAL_PDF).hexdigest()

    first = services.post_message(
        actor=cast.bucha_editor, thread=thread, body="", files=[services.FileInput(MINIMAL_PDF, "../../кошторис.pdf")]
    )
    second = services.post_message(
        actor=donors.fund_user, thread=thread, body="Дякую", files=[services.FileInput(MINIMAL_PDF, "copy.pdf")]
    )

    one, two = first.attachments.get(), second.attachments.get()
    assert one.file.name == two.file.name == f"conversations/{digest[:2]}/{digest}.pdf"
    assert (one.filename, one.media_type, one.size, one.sha256) == (
        "кошторис.pdf",
        "application/pdf",
        len(MINIMAL_PDF),
        digest,
    )
    with one.file.open("rb") as stored:
        assert stored.read() == MINIMAL_PDF
    [event] = [e for e in _events("conversation.message_posted") if e.after["message"] == first.pk]
    assert event.after["attachments"] == [{"filename": "кошторис.pdf", "sha256": digest}]


def test_images_are_accepted_as_attachments(thread, cast):
    message = services.post_message(
        actor=cast.bucha_editor, thread=thread, body="Фото", files=[services.FileInput(png_bytes(), "roof.png")]
    )

    assert message.attachments.get().media_type == "image/png"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"just some text, not a document\n", "must be one of"),
        (b"MZ\x90\x00\x03" + b"\x00" * 100, "must be one of"),
    ],
)
def test_an_attachment_that_is_not_a_document_is_refused(thread, cast, content, words):
    with pytest.raises(services.InvalidAttachment) as refused:
        services.post_message(
            actor=cast.bucha_editor, thread=thread, body="Ось", files=[services.FileInput(content, "doc.pdf")]
        )

    assert (refused.value.code, refused.value.field) == ("invalid_attachment", "files[0]")
    assert words in refused.value.message
    assert thread.messages.count() == 1
    assert not Attachment.objects.exists()


def test_an_attachment_larger_than_the_limit_is_refused(thread, cast, settings):
    settings.DREAM_MAX_UPLOAD_BYTES = len(MINIMAL_PDF) - 1

    with pytest.raises(services.InvalidAttachment) as refused:
        services.post_message(
            actor=cast.bucha_editor, thread=thread, body="Ось", files=[services.FileInput(MINIMAL_PDF, "big.pdf")]
        )

    assert "larger than" in refused.value.message
    assert not Attachment.objects.exists()


def test_the_initiators_editors_are_emailed_when_a_donor_writes(
    project, cast, donors, mailoutbox, django_capture_on_commit_callbacks
):
    cast.bucha_editor.email = "editor@bucha.example"
    cast.bucha_editor.save()

    with django_capture_on_commit_callbacks(execute=True):
        thread = services.open_thread(actor=donors.fund_user, project=project, body="Чи готові ви?")

    [mail] = mailoutbox
    assert mail.to == ["editor@bucha.example"]
    assert project.code in mail.subject
    assert donors.fund.name_uk in mail.subject
    assert "Чи готові ви?" in mail.body
    assert f"/cabinet/conversations/{thread.pk}/" in mail.body


def test_each_of_the_donors_users_but_the_author_is_emailed_when_the_initiator_answers(
    thread, cast, donors, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(actor=cast.bucha_editor, thread=thread, body="Так")

    assert sorted(tuple(mail.to) for mail in mailoutbox) == [("colleague@fund.example",), ("officer@fund.example",)]
    assert all("officer@bank.example" not in mail.to for mail in mailoutbox)

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(actor=donors.fund_user, thread=thread, body="Дякуємо")
    # The donor's own side is not told of its own message; the initiator's editor has no address here.
    assert mailoutbox == []


def test_a_failing_mail_server_loses_no_message(thread, cast, donors, monkeypatch, django_capture_on_commit_callbacks):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(services, "send_mass_mail", refuse)

    with django_capture_on_commit_callbacks(execute=True):
        message = services.post_message(actor=cast.bucha_editor, thread=thread, body="Так")

    assert Message.objects.filter(pk=message.pk).exists()
    assert services.notify(message.pk) == 0
