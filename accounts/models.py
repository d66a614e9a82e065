"""Users who sign in, and the tokens machine clients use instead of a password."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in to the system; what they may do comes from their memberships."""


class ApiToken(models.Model):
    """A secret a machine client sends as ``Authorization: Bearer <token>``; only its SHA-256 is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.TextField(help_text="What the token is for, such as the client that uses it.")
    key_prefix = models.CharField(max_length=8, help_text="The first characters of the token, to recognise it.")
    key_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the whole token.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="When the token stopped working, if it did.")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"
