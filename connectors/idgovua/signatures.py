"""Qualified electronic signatures: the interface a verifier meets, and this installation's honest answer."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from connectors.idgovua.exceptions import SignatureVerificationUnavailable


@dataclass(frozen=True)
class VerifiedSignature:
    """What a verified qualified signature proves: who signed, for which organisation, when, with which certificate."""

    signer_name: str
    signer_rnokpp: str
    organisation_edrpou: str
    signed_at: datetime
    certificate_serial: str
    certificate_issuer: str


class SignatureVerifier(Protocol):
    """Verify a detached qualified electronic signature (CAdES) over some data."""

    def verify(self, data: bytes, signature: bytes) -> VerifiedSignature:
        """Return who signed the data, or raise a DreamError saying why the signature does not hold."""
        ...


class UnavailableSignatureVerifier:
    """The verifier of an installation without the state's cryptographic library: it refuses, never pretends."""

    def verify(self, data: bytes, signature: bytes) -> VerifiedSignature:
        """Refuse: nothing here can check a qualified signature."""
        raise SignatureVerificationUnavailable(
            "Verifying a qualified electronic signature needs the state's cryptographic library (the IIT "
            '"EU Sign" library, with the certificates of the qualified trust service providers), which is not part '
            "of this installation. The signature was not checked."
        )


def signature_verifier() -> SignatureVerifier:
    """Return the verifier this installation has."""
    return UnavailableSignatureVerifier()
