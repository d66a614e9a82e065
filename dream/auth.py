"""How API callers prove who they are: a bearer token for machines, the session for the browser."""

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from accounts.models import User
from accounts.services import authenticate_token


class BearerToken(HttpBearer):
    """Accept ``Authorization: Bearer <token>`` from a live API token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        """Return the token's user, and make it the request's user."""
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


SIGNED_IN = [BearerToken(), django_auth]


def acting_user(request: HttpRequest) -> User:
    """Return the signed-in user of an authenticated request."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - the endpoint's auth has already refused anonymous callers.
    return user
