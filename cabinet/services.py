"""Every write of the cabinet's own: watching a project, stopping, and moving watches on once their news is told.

A watch is about a person, not about the project: its events are audited as private and never published.
"""

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from accounts.models import User
from audit.queries import public_history
from audit.services import record_event
from cabinet.models import Watch
from projects.models import Project


def _snapshot(watch: Watch, project: Project) -> dict[str, Any]:
    return {"user": watch.user_id, "project": project.code, "reported_up_to": watch.reported_up_to_id}


def watch_project(*, actor: User, project: Project) -> Watch:
    """Start watching a project, so that its public changes from now on come by e-mail; watching again changes nothing.

    The watch starts as if the project's public history so far had been told already: the first digest carries only
    what changes after this moment.
    """
    with transaction.atomic():
        # The latest event is looked up only when the watch is new; get_or_create also settles two clicks at once.
        watch, created = Watch.objects.get_or_create(
            user=actor,
            project=project,
            defaults={"reported_up_to": lambda: public_history("project", project.code).last()},
        )
        if created:
            record_event(
                actor=actor,
                action="watch.started",
                object_type="watch",
                object_id=str(watch.pk),
                after=_snapshot(watch, project),
                # Whom a person follows is their own business: a watch never joins a public history.
                is_public=False,
            )
    return watch


def stop_watching(*, actor: User, project: Project) -> None:
    """Stop watching a project; stopping a project one does not watch changes nothing."""
    with transaction.atomic():
        watch = Watch.objects.select_for_update().filter(user=actor, project=project).first()
        if watch is None:
            return
        watch_id, before = watch.pk, _snapshot(watch, project)
        watch.delete()
        record_event(
            actor=actor,
            action="watch.stopped",
            object_type="watch",
            object_id=str(watch_id),
            before=before,
            is_public=False,
        )


def mark_reported(*, watches: Sequence[Watch]) -> None:
    """Keep how far each watch was told, as set on it by the digest just sent, with one private event for them all.

    Watches stopped meanwhile are simply gone; one started again meanwhile is a new watch, left where it started.
    """
    if not watches:
        return
    with transaction.atomic():
        Watch.objects.bulk_update(watches, ["reported_up_to"])
        newest = max(watch.reported_up_to_id or 0 for watch in watches)
        record_event(
            actor=None,
            action="watch.digest_sent",
            object_type="watch_digest",
            object_id=str(newest),
            after={"reported_up_to": {str(watch.pk): watch.reported_up_to_id for watch in watches}},
            is_public=False,
        )
