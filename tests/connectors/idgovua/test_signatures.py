"""Qualified electronic signatures: this installation says plainly that it cannot verify them."""

import pytest

from connectors.idgovua.exceptions import SignatureVerificationUnavailable
from connectors.idgovua.signatures import SignatureVerifier, signature_verifier


def test_verifying_a_signature_refuses_naming_the_missing_library():
    verifier: SignatureVerifier = signature_verifier()
    with pytest.raises(SignatureVerificationUnavailable) as raised:
        verifier.verify(b"project passport", b"0\x82\x05\x00signature")
    error = raised.value
    assert error.code == "signature_verification_unavailable"
    assert error.status == 501
    assert "EU Sign" in error.message
    assert "not part of this installation" in error.message
