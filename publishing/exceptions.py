from http import HTTPStatus

from dream.errors import DreamError


class PublishingError(DreamError):
    """Base of the publishing errors."""

    code = "publishing_error"


class StandardsMissing(PublishingError):
    """The pinned schema files are not where DREAM_STANDARDS_DIR points."""

    code = "standards_missing"
    status = HTTPStatus.SERVICE_UNAVAILABLE


class InvalidPackage(PublishingError):
    """A package to publish breaks its schema or a codelist: which object, which path, what is wrong."""

    code = "invalid_package"
    status = HTTPStatus.INTERNAL_SERVER_ERROR
