from argparse import ArgumentParser
from typing import Any

from accounts.models import ApiToken, User
from accounts.services import issue_api_token, revoke_api_token
from dream.commands import GroupCommand
from dream.errors import NotFound


class Command(GroupCommand):
    help = "Issue and revoke the API tokens of machine clients."
    verbs = {
        "issue": "Issue a token for a user and print it once; only its hash is kept.",
        "revoke": "Revoke a token by the first characters it starts with.",
        "list": "List a user's tokens.",
    }

    def add_verb_arguments(self, verb: str, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="The user the token acts as.")
        if verb == "issue":
            parser.add_argument("--name", required=True, help="What the token is for.")
        if verb == "revoke":
            parser.add_argument("prefix", help="The first eight characters of the token.")

    def handle_issue(self, *, username: str, name: str, **_options: Any) -> None:
        _token, secret = issue_api_token(user=self._user(username), name=name)
        self.stdout.write(f"Token for {username} ({name}); it is shown only now:\n{secret}")

    def handle_revoke(self, *, username: str, prefix: str, **_options: Any) -> None:
        user = self._user(username)
        token = ApiToken.objects.filter(user=user, key_prefix=prefix, revoked_at__isnull=True).first()
        if token is None:
            raise NotFound(f"{username} has no live token starting with {prefix!r}; `dream tokens list` shows them.")
        revoke_api_token(token=token, actor=user)
        self.stdout.write(self.style.SUCCESS(f"Revoked token {prefix}… of {username}."))

    def handle_list(self, *, username: str, **_options: Any) -> None:
        for token in ApiToken.objects.filter(user=self._user(username)).order_by("created_at"):
            state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "live"
            self.stdout.write(f"{token.key_prefix}…  {token.name}  created {token.created_at:%Y-%m-%d}  {state}")

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise NotFound(f"No user is called {username!r}.")
        return user
