"""API tokens: issued once, stored as a hash, refused once revoked."""

import pytest

from accounts.models import ApiToken
from accounts.services import authenticate_token, issue_api_token, revoke_api_token, token_hash
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_issued_token_is_stored_only_as_its_hash():
    user = UserFactory()
    token, secret = issue_api_token(user=user, name="ci")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == token_hash(secret)
    assert secret not in (stored.key_hash, stored.key_prefix, stored.name)
    assert stored.key_prefix == secret[:8]


def test_live_token_authenticates_its_user_and_touches_last_use():
    user = UserFactory()
    token, secret = issue_api_token(user=user, name="ci")
    assert authenticate_token(secret) == user
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_no_longer_authenticates():
    user = UserFactory()
    token, secret = issue_api_token(user=user, name="ci")
    revoke_api_token(token=token, actor=user)
    assert authenticate_token(secret) is None


def test_token_of_an_inactive_user_no_longer_authenticates():
    user = UserFactory()
    _, secret = issue_api_token(user=user, name="ci")
    user.is_active = False
    user.save()
    assert authenticate_token(secret) is None


def test_unknown_token_authenticates_nobody():
    assert authenticate_token("dream_not-a-token") is None
