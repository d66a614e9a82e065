"""Documents and photos: checked by size and by what their bytes really are, stored with their hash."""

import hashlib

import pytest

from audit.models import AuditEvent
from projects.codes import AccessLevel, DocumentType, StatusDetail
from projects.exceptions import ActorNotAllowed, InvalidDocument
from projects.models import Document
from projects.services import attach_document
from tests.factories import MINIMAL_PDF, png_bytes, project_in


@pytest.fixture
def project(cast):
    return project_in(cast, StatusDetail.INITIATED)


def _attach(project, actor, content, *, filename="file.pdf", document_type=DocumentType.DOCUMENT, **options):
    return attach_document(
        actor=actor,
        project=project,
        title="Дефектний акт",
        document_type=document_type,
        content=content,
        filename=filename,
        **options,
    )


def _stored_files(settings) -> list[str]:
    return (
        [path.name for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]
        if settings.MEDIA_ROOT.exists()
        else []
    )


REFUSED_UPLOADS = {
    "empty": (b"", "empty.pdf", DocumentType.DOCUMENT, "The file is empty"),
    "text-named-pdf": (b"Just words.", "report.pdf", DocumentType.DOCUMENT, "report.pdf is an unrecognised format"),
    "json-named-pdf": (b'{"a": 1}', "report.pdf", DocumentType.DOCUMENT, "report.pdf is application/json"),
    "pdf-as-damage-photo": (
        MINIMAL_PDF,
        "photo.jpg",
        DocumentType.ILLUSTRATION_DAMAGED,
        "photo.jpg is application/pdf",
    ),
    "pdf-as-cover": (MINIMAL_PDF, "cover.pdf", DocumentType.ILLUSTRATION_COVER, "must be one of: image/gif"),
}


@pytest.mark.parametrize("upload", REFUSED_UPLOADS.values(), ids=REFUSED_UPLOADS.keys())
def test_file_that_is_not_what_its_type_needs_is_refused_and_leaves_nothing(cast, project, settings, upload):
    content, filename, document_type, message = upload
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidDocument, match=message) as refusal:
        _attach(project, cast.bucha_editor, content, filename=filename, document_type=document_type)
    assert refusal.value.field == "file"
    assert not Document.objects.filter(project=project).exists()
    assert AuditEvent.objects.count() == events
    assert _stored_files(settings) == []


def test_file_larger_than_the_limit_is_refused(cast, project, settings):
    settings.DREAM_MAX_UPLOAD_BYTES = len(MINIMAL_PDF) - 1
    with pytest.raises(InvalidDocument, match="The file is larger than") as refusal:
        _attach(project, cast.bucha_editor, MINIMAL_PDF)
    assert refusal.value.field == "file"
    assert not Document.objects.filter(project=project).exists()


def test_file_exactly_at_the_limit_is_accepted(cast, project, settings):
    settings.DREAM_MAX_UPLOAD_BYTES = len(MINIMAL_PDF)
    assert _attach(project, cast.bucha_editor, MINIMAL_PDF).size == len(MINIMAL_PDF)


def test_document_without_a_title_is_refused(cast, project):
    with pytest.raises(InvalidDocument) as refusal:
        attach_document(
            actor=cast.bucha_editor,
            project=project,
            title="  ",
            document_type=DocumentType.DOCUMENT,
            content=MINIMAL_PDF,
            filename="a.pdf",
        )
    assert refusal.value.field == "title"


def test_pdf_is_stored_with_its_hash_size_and_media_type(cast, project):
    document = _attach(project, cast.bucha_editor, MINIMAL_PDF, filename="act.pdf")
    document.refresh_from_db()
    assert document.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert document.size == len(MINIMAL_PDF)
    assert document.media_type == "application/pdf"
    with document.file.open("rb") as stored:
        assert stored.read() == MINIMAL_PDF


def test_png_is_accepted_as_a_photo(cast, project):
    image = png_bytes(2, 2)
    document = _attach(
        project, cast.bucha_editor, image, filename="roof.png", document_type=DocumentType.ILLUSTRATION_DAMAGED
    )
    assert document.media_type == "image/png"
    assert document.sha256 == hashlib.sha256(image).hexdigest()
    assert document.size == len(image)


def test_attaching_an_open_document_is_a_public_audit_event(cast, project):
    document = _attach(project, cast.bucha_editor, MINIMAL_PDF)
    event = AuditEvent.objects.latest("position")
    assert (event.action, event.object_id, event.is_public) == ("project.document_attached", project.code, True)
    assert event.after["sha256"] == document.sha256


@pytest.mark.parametrize("access_level", [AccessLevel.LIMITED, AccessLevel.RESTRICTED])
def test_attaching_a_document_that_is_not_open_stays_out_of_public_history(cast, project, access_level):
    _attach(project, cast.bucha_editor, MINIMAL_PDF, access_level=access_level)
    assert not AuditEvent.objects.latest("position").is_public


def test_document_from_an_editor_of_another_community_is_refused(cast, project, settings):
    with pytest.raises(ActorNotAllowed):
        _attach(project, cast.lviv_editor, MINIMAL_PDF)
    assert not Document.objects.filter(project=project).exists()
    assert _stored_files(settings) == []


def test_long_file_name_with_many_dots_is_stored(cast, project):
    # Dotted names are common for Ukrainian acts ("Звіт.про.обстеження...2025.pdf"); the stored name must fit.
    filename = "Звіт.про.обстеження.технічного.стану.будівлі.ліцею.номер.три.у.місті.Буча.2025.pdf"
    document = _attach(project, cast.bucha_editor, MINIMAL_PDF, filename=filename)
    assert document.size == len(MINIMAL_PDF)
    assert len(document.file.name) <= Document._meta.get_field("file").max_length


def test_long_file_name_is_stored_within_the_field_length(cast, project):
    document = _attach(project, cast.bucha_editor, MINIMAL_PDF, filename="x" * 150 + ".pdf")
    assert len(document.file.name) <= Document._meta.get_field("file").max_length
