"""Writes that follow a sign-in with id.gov.ua: the account, the sign-in's record, and requests to join."""

import logging
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.ua import edrpou as edrpou_scheme
from stdnum.ua import rntrc

from accounts.identity import rnokpp_digest, user_with_rnokpp_digest
from accounts.models import User
from accounts.services import create_user
from audit.services import record_event
from connectors.idgovua.client import PersonAttributes
from connectors.idgovua.exceptions import (
    AccountDisabled,
    InvalidRnokpp,
    NotAnAdministrator,
    ReasonRequired,
    RequestAlreadyDecided,
    UnknownMembershipRequest,
)
from connectors.idgovua.models import MembershipRequest, MembershipRequestStatus
from connectors.idgovua.queries import administers, default_role
from parties.models import Organisation
from parties.services import grant_role

logger = logging.getLogger(__name__)

# The user model's limit on first and last names.
_NAME_LENGTH = 150


@dataclass(frozen=True)
class SignedIn:
    """Who signed in, whether the account is new, and the request to join an organisation that waits, if any."""

    user: User
    new_account: bool
    membership_request: MembershipRequest | None


def clean_rnokpp(value: str) -> str:
    """Return the tax number in its compact form, or refuse the sign-in without repeating the number."""
    if not value:
        raise InvalidRnokpp(
            "id.gov.ua did not send a tax number (RNOKPP) for this sign-in, and an account here belongs to a person "
            "identified by one. Sign in with a key or a bank that carries your tax number."
        )
    try:
        return str(rntrc.validate(value))
    except StdnumValidationError as error:
        raise InvalidRnokpp(
            "The tax number (RNOKPP) id.gov.ua sent for this sign-in is not valid (it must have ten digits, the last "
            "a check digit), so the sign-in is refused. Nothing was saved; contact the operators of this system."
        ) from error


def _new_username() -> str:
    # Nothing personal goes into the name: it is shown wherever the account acts, the audit log included.
    return f"id-{secrets.token_hex(5)}"


def _email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def _sign_up(digest: str, attributes: PersonAttributes) -> User:
    user = create_user(
        username=_new_username(),
        password=None,
        email=_email(attributes.email),
        first_name=attributes.given_name[:_NAME_LENGTH],
        last_name=attributes.last_name[:_NAME_LENGTH],
        rnokpp_digest=digest,
    )
    record_event(
        actor=user,
        action="accounts.signed_up_with_idgovua",
        object_type="user",
        object_id=str(user.pk),
        after={"username": user.username},
        is_public=False,
    )
    return user


def _organisation_of_key(attributes: PersonAttributes) -> Organisation | None:
    if not attributes.edrpou:
        return None
    if not edrpou_scheme.is_valid(attributes.edrpou):
        logger.info("id.gov.ua sent an EDRPOU code that fails its check; no membership is offered")
        return None
    return Organisation.objects.filter(edrpou=edrpou_scheme.compact(attributes.edrpou)).first()


def _offer_membership(user: User, attributes: PersonAttributes) -> MembershipRequest | None:
    organisation = _organisation_of_key(attributes)
    if organisation is None or user.memberships.filter(organisation=organisation).exists():
        return None
    earlier = MembershipRequest.objects.filter(user=user, organisation=organisation)
    pending = earlier.filter(status=MembershipRequestStatus.PENDING).first()
    if pending is not None:
        return pending
    # A refusal stands: signing in again with the same key does not ask the administrators once more.
    if earlier.filter(status=MembershipRequestStatus.REFUSED).exists():
        return None
    role = default_role(organisation)
    if role is None:
        return None
    return request_membership(user=user, organisation=organisation, role=role)


def _sign_in(digest: str, attributes: PersonAttributes) -> SignedIn:
    with transaction.atomic():
        user = user_with_rnokpp_digest(digest)
        new_account = user is None
        if user is None:
            user = _sign_up(digest, attributes)
        elif not user.is_active:
            raise AccountDisabled("Your account here has been switched off. Ask the operators of this system why.")
        record_event(
            actor=user,
            action="accounts.signed_in_with_idgovua",
            object_type="user",
            object_id=str(user.pk),
            after={"new_account": new_account},
            is_public=False,
        )
        membership_request = _offer_membership(user, attributes)
    return SignedIn(user=user, new_account=new_account, membership_request=membership_request)


def sign_in_with_idgovua(attributes: PersonAttributes) -> SignedIn:
    """Find the person's account by the digest of their tax number, or open one; record the sign-in.

    When the signing key belongs to a registered organisation the person is not yet a member of, a request to join
    it waits for one of its administrators. Everything is written in one transaction, or nothing is.
    """
    digest = rnokpp_digest(clean_rnokpp(attributes.rnokpp))
    try:
        return _sign_in(digest, attributes)
    except IntegrityError:
        # The same new person's other sign-in opened the account first; this one now finds it.
        return _sign_in(digest, attributes)


def request_membership(*, user: User, organisation: Organisation, role: str) -> MembershipRequest:
    """Ask for a role in an organisation, to be decided by one of its administrators."""
    with transaction.atomic():
        membership_request = MembershipRequest.objects.create(user=user, organisation=organisation, role=role)
        record_event(
            actor=user,
            action="idgovua.membership_requested",
            object_type="membership_request",
            object_id=str(membership_request.pk),
            after={"user": user.pk, "organisation": organisation.edrpou, "role": role},
            is_public=False,
        )
    return membership_request


def _decidable(actor: User, request_id: int) -> MembershipRequest:
    membership_request = (
        MembershipRequest.objects.select_for_update(of=("self",))
        .select_related("user", "organisation")
        .filter(pk=request_id)
        .first()
    )
    if membership_request is None:
        raise UnknownMembershipRequest(f"There is no membership request {request_id}.")
    if membership_request.user_id == actor.pk:
        raise NotAnAdministrator("Nobody decides their own request to join an organisation.")
    if not administers(actor, membership_request.organisation):
        raise NotAnAdministrator(
            f"Only members of {membership_request.organisation.name_uk} (EDRPOU "
            f"{membership_request.organisation.edrpou}) or operators decide who joins it."
        )
    if membership_request.status != MembershipRequestStatus.PENDING:
        raise RequestAlreadyDecided(
            f"Membership request {request_id} was {membership_request.status} already; nothing was changed."
        )
    return membership_request


def _decide(membership_request: MembershipRequest, *, actor: User, status: str, reason: str = "") -> None:
    membership_request.status = status
    membership_request.decided_by = actor
    membership_request.decided_at = timezone.now()
    membership_request.reason = reason
    membership_request.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    record_event(
        actor=actor,
        action=f"idgovua.membership_request_{status}",
        object_type="membership_request",
        object_id=str(membership_request.pk),
        before={"status": MembershipRequestStatus.PENDING},
        after={
            "status": status,
            "user": membership_request.user_id,
            "organisation": membership_request.organisation.edrpou,
            "role": membership_request.role,
        },
        comment=reason,
        is_public=False,
    )


def approve_membership_request(*, actor: User, request_id: int) -> MembershipRequest:
    """Grant the role asked for, as an administrator of the organisation."""
    with transaction.atomic():
        membership_request = _decidable(actor, request_id)
        grant_role(
            user=membership_request.user,
            organisation=membership_request.organisation,
            role=membership_request.role,
            actor=actor,
        )
        _decide(membership_request, actor=actor, status=MembershipRequestStatus.APPROVED)
    return membership_request


def refuse_membership_request(*, actor: User, request_id: int, reason: str) -> MembershipRequest:
    """Refuse the request, as an administrator of the organisation, saying why."""
    with transaction.atomic():
        membership_request = _decidable(actor, request_id)
        if not reason.strip():
            raise ReasonRequired("Say why the request is refused; the person will read it.", field="reason")
        _decide(membership_request, actor=actor, status=MembershipRequestStatus.REFUSED, reason=reason.strip())
    return membership_request
