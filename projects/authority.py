"""Who may act on a project: the initiator's editors, and approvers of the right level."""

from django.conf import settings

from accounts.models import User
from parties.models import Organisation, OrganisationKind, Role
from projects.exceptions import ActorNotAllowed
from projects.models import Project


class Level:
    """The level of government that decides on a project."""

    REGIONAL = "regional"
    MINISTRY = "ministry"


def oblast_prefix(project: Project) -> str:
    """Return the code prefix of the oblast where the project works (its first location, else its initiator)."""
    locations = list(project.locations.all())
    if locations:
        return locations[0].territory_id[:4]
    if project.initiator.territory_id:
        return project.initiator.territory_id[:4]
    return ""


def approval_level(project: Project) -> str:
    """Return which level approves the project: large projects go to a ministry."""
    if project.estimated_cost_uah >= settings.DREAM_MINISTRY_APPROVAL_THRESHOLD_UAH:
        return Level.MINISTRY
    return Level.REGIONAL


def editor_organisation(actor: User, project: Project) -> Organisation:
    """Return the initiator if the actor edits for it, or refuse saying who may act."""
    if actor.memberships.filter(role=Role.COMMUNITY_EDITOR, organisation_id=project.initiator_id).exists():
        return project.initiator
    raise ActorNotAllowed(
        f"Only a community editor of {project.initiator.name_uk} (EDRPOU {project.initiator.edrpou}) "
        f"may do this to project {project.code}."
    )


def approver_organisation(actor: User, project: Project, level: str) -> Organisation:
    """Return the organisation for which the actor decides on this project, or refuse naming the level needed."""
    if level == Level.MINISTRY:
        membership = (
            actor.memberships.select_related("organisation")
            .filter(role=Role.MINISTRY_APPROVER, organisation__kind=OrganisationKind.MINISTRY)
            .first()
        )
        if membership is None:
            raise ActorNotAllowed(f"Project {project.code} is decided by a ministry approver; you are not one.")
        return membership.organisation

    oblast = oblast_prefix(project)
    membership = (
        actor.memberships.select_related("organisation")
        .filter(
            role=Role.REGIONAL_APPROVER,
            organisation__kind=OrganisationKind.REGIONAL_ADMINISTRATION,
            organisation__territory__code__startswith=oblast or "-",
        )
        .first()
    )
    if membership is None:
        raise ActorNotAllowed(
            f"Project {project.code} is decided by a regional approver of the oblast where it lies ({oblast}); "
            "you hold no such role there."
        )
    return membership.organisation
