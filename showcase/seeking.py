"""Which projects seek money from donors."""

from projects.codes import Status, StatusDetail
from projects.models import Project

# A project seeks money once its finances are structured, while it waits for the decision on its application, and
# once it is approved, until its works start.
SEEKING_MONEY = frozenset(
    {
        (Status.PENDING, StatusDetail.STRUCTURED),
        (Status.PENDING, StatusDetail.APPLIED),
        (Status.PENDING, StatusDetail.APPROVED),
    }
)
SEEKING_MONEY_DETAILS = frozenset(detail for _, detail in SEEKING_MONEY)


def seeks_money(project: Project) -> bool:
    """Return whether the project stands where donors are asked for money."""
    return (project.status, project.status_details) in SEEKING_MONEY
