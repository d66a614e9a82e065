"""Users who sign in, and the tokens machine clients use instead of a password."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy


class User(AbstractUser):
    """A person who signs in to the system; what they may do comes from their memberships."""

    rnokpp_digest = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text=(
            "Keyed HMAC-SHA256 of the person's tax number (RNOKPP) as the identity provider vouched for it; "
            "the number itself is never stored. Empty for an account no tax number was vouched for."
        ),
    )

    class Meta:
        # The names AbstractUser gives, which a Meta of its own would otherwise drop.
        verbose_name = gettext_lazy("user")
        verbose_name_plural = gettext_lazy("users")
        constraints = [
            # Many accounts have no tax number, so only the ones that have one must differ.
            models.UniqueConstraint(
                fields=["rnokpp_digest"],
                condition=~models.Q(rnokpp_digest=""),
                name="user_unique_rnokpp_digest",
                violation_error_message="Another account already belongs to the person with this tax number.",
            )
        ]


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
