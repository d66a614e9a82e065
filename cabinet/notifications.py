"""E-mail to the people a step concerns: the approvers a project now waits for, or the community it was decided for.

Messages go through Django's e-mail backend (the console or a folder by default; SMTP in production), after the step
is committed, so a refused step never sends anything.
"""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from parties.models import OrganisationKind, Role
from projects.authority import Level, approval_level, oblast_prefix
from projects.codes import StatusDetail
from projects.models import Project

logger = logging.getLogger(__name__)


def _approvers(project: Project) -> list[User]:
    """Return the people who decide the project's next step."""
    if project.status_details == StatusDetail.APPLIED and approval_level(project) == Level.MINISTRY:
        who = Q(memberships__role=Role.MINISTRY_APPROVER, memberships__organisation__kind=OrganisationKind.MINISTRY)
    else:
        who = Q(
            memberships__role=Role.REGIONAL_APPROVER,
            memberships__organisation__kind=OrganisationKind.REGIONAL_ADMINISTRATION,
            memberships__organisation__territory__code__startswith=oblast_prefix(project) or "-",
        )
    people = User.objects.filter(who, is_active=True).distinct()
    if project.submitted_by_id is not None:
        people = people.exclude(pk=project.submitted_by_id)
    return list(people)


def _editors(project: Project) -> list[User]:
    return list(
        User.objects.filter(
            memberships__role=Role.COMMUNITY_EDITOR, memberships__organisation=project.initiator_id, is_active=True
        ).distinct()
    )


def notify_step(project: Project, *, step: str, base_url: str) -> int:
    """Tell those whom the project now waits for, or those it was decided for; return how many were written to."""
    if project.status_details in {StatusDetail.APPRAISAL, StatusDetail.APPLIED}:
        people = _approvers(project)
        subject = _("DREAM: project %(code)s waits for your decision") % {"code": project.code}
        link = base_url + reverse("cabinet:review", args=[project.code])
        body = _("Project «%(title)s» (%(code)s) waits for your decision: %(link)s") % {
            "title": project.title_uk,
            "code": project.code,
            "link": link,
        }
    elif step in {"appraise", "approve", "refuse"}:
        people = _editors(project)
        subject = _("DREAM: a decision on project %(code)s") % {"code": project.code}
        link = base_url + reverse("cabinet:passport", args=[project.code, "review"])
        body = _("Project «%(title)s» (%(code)s) is now: %(status)s. See %(link)s") % {
            "title": project.title_uk,
            "code": project.code,
            "status": project.get_status_details_display(),
            "link": link,
        }
    else:
        return 0
    addressed = [person.email for person in people if person.email]
    if addressed:
        send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in addressed])
        logger.info("Notified %s people of step %s of project %s", len(addressed), step, project.code)
    return len(addressed)
