"""The codes contracting keeps as facts: where releases come from, and the tags an OCDS release may carry."""

import re

from django.db import models


class ReleaseSource(models.TextChoices):
    """Where the releases of a contracting process come from."""

    PROZORRO = "prozorro", "Prozorro"
    DEMO = "demo", "demonstration data"


# The OCDS 1.1 releaseTag codelist, less "compiled", which only a compiled release carries.
RELEASE_TAGS = frozenset(
    {
        "planning",
        "planningUpdate",
        "tender",
        "tenderAmendment",
        "tenderUpdate",
        "tenderCancellation",
        "award",
        "awardUpdate",
        "awardCancellation",
        "contract",
        "contractUpdate",
        "contractAmendment",
        "implementation",
        "implementationUpdate",
        "contractTermination",
    }
)

# A Prozorro tender id: UA, the date the tender was created, its number that day, and a letter.
TENDER_ID = re.compile(r"UA-\d{4}-\d{2}-\d{2}-\d{6}-[a-z]")


class PaymentSource(models.TextChoices):
    """Where a payment is known from."""

    PROZORRO = "prozorro", "Prozorro contract transactions"
    SPENDING = "spending", "the treasury's spending portal"
    DEMO = "demo", "demonstration data"
