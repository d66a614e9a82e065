"""The sign-in service on its own: the digest, the race of two first sign-ins, what is kept of the attributes."""

import hashlib

import pytest

from accounts.identity import rnokpp_digest
from accounts.models import User
from connectors.idgovua import services
from connectors.idgovua.client import PersonAttributes, redact
from connectors.idgovua.services import sign_in_with_idgovua
from tests.connectors.idgovua.conftest import OTHER_RNOKPP, RNOKPP

pytestmark = pytest.mark.django_db


def _person(rnokpp: str = RNOKPP, email: str = "oksana@example.org") -> PersonAttributes:
    return PersonAttributes(
        rnokpp=rnokpp,
        edrpou="",
        given_name="Оксана",
        middle_name="Петрівна",
        last_name="Коваленко",
        email=email,
        organisation_name="",
    )


def test_the_digest_is_keyed_and_differs_from_a_plain_hash(settings):
    plain = hashlib.sha256(RNOKPP.encode()).hexdigest()
    derived = rnokpp_digest(RNOKPP)
    assert derived != plain
    assert len(derived) == 64
    settings.DREAM_RNOKPP_DIGEST_KEY = "a-dedicated-key"
    assert rnokpp_digest(RNOKPP) not in {derived, plain}
    assert rnokpp_digest(RNOKPP) != rnokpp_digest(OTHER_RNOKPP)


def test_a_second_first_sign_in_that_lost_the_race_finds_the_account_of_the_first(monkeypatch):
    first = sign_in_with_idgovua(_person()).user
    real = services.user_with_rnokpp_digest
    calls = []

    def missed_once(digest):
        # The first look misses the account, as it would while the other sign-in had not committed yet.
        calls.append(digest)
        return None if len(calls) == 1 else real(digest)

    monkeypatch.setattr(services, "user_with_rnokpp_digest", missed_once)
    second = sign_in_with_idgovua(_person())
    assert second.user == first
    assert not second.new_account
    assert len(calls) == 2
    assert User.objects.filter(rnokpp_digest=rnokpp_digest(RNOKPP)).count() == 1


def test_an_email_that_is_not_an_address_is_left_out():
    user = sign_in_with_idgovua(_person(email="not an address")).user
    assert user.email == ""


def test_the_attributes_are_taken_at_the_first_sign_in_only():
    user = sign_in_with_idgovua(_person()).user
    User.objects.filter(pk=user.pk).update(first_name="Оксана-Марія")
    again = sign_in_with_idgovua(_person(email="other@example.org")).user
    assert (again.first_name, again.email) == ("Оксана-Марія", "oksana@example.org")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "/get-access-token?client_id=a&client_secret=s3&code=c1",
            "/get-access-token?client_id=a&client_secret=[hidden]&code=[hidden]",
        ),
        (
            "/get-user-info?fields=x&user_id=5&access_token=t0",
            "/get-user-info?fields=x&user_id=5&access_token=[hidden]",
        ),
        ("/?response_type=code&state=abc", "/?response_type=code&state=abc"),
    ],
    ids=["token", "user info", "authorize"],
)
def test_secret_query_values_are_redacted(text, expected):
    assert redact(text) == expected
