"""Writes to accounts: users and API tokens."""

import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, User
from audit.services import record_event
from dream.errors import Conflict, InvalidInput


def token_hash(token: str) -> str:
    """Return the SHA-256 under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(
    *,
    username: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    actor: User | None = None,
    check_password_strength: bool = True,
    rnokpp_digest: str = "",
) -> User:
    """Create a user with an Argon2-hashed password, or with none for accounts that sign in elsewhere."""
    if User.objects.filter(username=username).exists():
        raise Conflict(f"The user name {username!r} is taken; choose another.", field="username")
    if password is not None and check_password_strength:
        try:
            validate_password(password, User(username=username, email=email))
        except ValidationError as error:
            raise InvalidInput(" ".join(error.messages), field="password") from error

    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_staff=is_staff,
            rnokpp_digest=rnokpp_digest,
        )
        # The user's name and e-mail are personal: the event keeps only the account's identifier.
        record_event(
            actor=actor,
            action="accounts.user_created",
            object_type="user",
            object_id=str(user.pk),
            after={"username": username, "is_staff": is_staff},
            is_public=False,
        )
    return user


def issue_api_token(*, user: User, name: str, actor: User | None = None) -> tuple[ApiToken, str]:
    """Create a token for a machine client; the secret is returned once and never stored."""
    secret = f"dream_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, key_prefix=secret[:8], key_hash=token_hash(secret))
        record_event(
            actor=actor or user,
            action="accounts.token_issued",
            object_type="api_token",
            object_id=str(token.pk),
            after={"user": user.pk, "name": name, "key_prefix": token.key_prefix},
            is_public=False,
        )
    return token, secret


def revoke_api_token(*, token: ApiToken, actor: User) -> None:
    """Stop a token from working."""
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=actor,
            action="accounts.token_revoked",
            object_type="api_token",
            object_id=str(token.pk),
            is_public=False,
        )


def authenticate_token(secret: str) -> User | None:
    """Return the user a live token belongs to, or nothing."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    # Touching last use is bookkeeping, not a change of anyone's data, so it is not an audit event.
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
