"""Template tags of watching a project: the button on a project's page, and the list in the cabinet."""

from typing import Any

from django import template
from django.contrib.messages import get_messages

from accounts.models import User
from cabinet.models import Watch
from cabinet.queries import is_watching, watched_projects
from projects.models import Project

register = template.Library()


@register.inclusion_tag("cabinet/_watch.html", takes_context=True)
def watch_button(context: template.Context, project: Project) -> dict[str, Any]:
    """Offer a signed-in person to watch the project or to stop; invite anyone else to sign in first.

    A project's page is cached for visitors who are not signed in, so what they see holds nothing of anyone: no form,
    no token, no message, and no query.
    """
    request = context["request"]
    user = request.user
    if not isinstance(user, User):
        return {"project": project, "signed_in": False, "here": request.path}
    return {
        "project": project,
        "signed_in": True,
        "watching": is_watching(user, project),
        "has_email": bool(user.email),
        "messages": get_messages(request),
    }


@register.simple_tag
def projects_watched_by(user: User) -> list[Watch]:
    """Return the watches of the person, with their projects, the latest started first."""
    return watched_projects(user)
