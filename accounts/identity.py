"""A person's tax number (RNOKPP) as accounts keep it: a keyed digest that matches the person and reveals nothing."""

import hashlib
import hmac

from django.conf import settings
from django.utils.crypto import salted_hmac

from accounts.models import User

# Separates the key derived for this purpose from every other key Django derives from SECRET_KEY.
_KEY_PURPOSE = "dream.accounts.rnokpp-digest"


def _digest_key() -> bytes:
    dedicated: str = settings.DREAM_RNOKPP_DIGEST_KEY
    if dedicated:
        return dedicated.encode()
    return salted_hmac(_KEY_PURPOSE, "key", algorithm="sha256").digest()


def rnokpp_digest(rnokpp: str) -> str:
    """Return the keyed HMAC-SHA256, in hexadecimal, under which an account keeps a validated RNOKPP."""
    return hmac.new(_digest_key(), rnokpp.encode(), hashlib.sha256).hexdigest()


def user_with_rnokpp_digest(digest: str) -> User | None:
    """Return the account of the person with this digest, or nothing."""
    return User.objects.filter(rnokpp_digest=digest).first()
