"""The watchers' digest: one e-mail a person with what changed in each project they watch since they were last told.

Each watch remembers the last event of its project's public history that its person was told of. A digest carries
the public events after it, leaving out what the person did themselves, and then moves the watch on to the last event
it looked at, so no change is told twice and none is skipped. Events appended while the digest runs come after
those it read, so the next digest carries them. A person without an e-mail address, or whose letter could not be
sent, keeps their watches where they were, to be told everything once a letter reaches them.
"""

import logging
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditEvent
from cabinet.models import Watch
from cabinet.queries import public_changes_after, told_up_to, watches_to_report
from cabinet.services import mark_reported
from portal.templatetags.portal import action_label
from projects.models import Project

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProjectNews:
    """What one watcher is told of one project: the changes made by others, oldest first."""

    project: Project
    events: list[AuditEvent]


@dataclass(frozen=True)
class Letter:
    """The digest of one person, and the watches it moves on once it is sent."""

    person: User
    news: list[ProjectNews]
    watches: list[Watch]


@dataclass
class DigestReport:
    """How a digest went: the people written to, the projects and changes they were told of, and who was not."""

    people: int = 0
    projects: set[str] = field(default_factory=set)
    changes: set[int] = field(default_factory=set)
    without_email: int = 0
    failed: int = 0

    def summary(self) -> str:
        """Say in one line how the digest went."""
        line = (
            f"Wrote to {_count(self.people, 'person', 'people')} about {_count(len(self.projects), 'project')} "
            f"and {_count(len(self.changes), 'change')}"
        )
        if self.without_email:
            line += f"; skipped {_count(self.without_email, 'person', 'people')} without an e-mail address"
        if self.failed:
            line += f"; could not write to {_count(self.failed, 'person', 'people')}: see the log"
        return line + "."


def _count(number: int, one: str, many: str = "") -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"


def _letters(watches: list[Watch], report: DigestReport) -> Iterator[Letter]:
    """Gather each person's news, project by project, and move their watches on to the last event looked at.

    A person whose watches saw nothing new gets no letter. One whose news is all of their own doing gets an empty
    letter, never sent, that moves their watches past it. One without an e-mail address gets none and stays where
    they were.
    """
    changes = public_changes_after(watches)
    for _user_id, group in groupby(watches, key=lambda watch: watch.user_id):
        own = list(group)
        person = own[0].user
        news: list[ProjectNews] = []
        last_unseen: dict[Watch, AuditEvent] = {}
        for watch in own:
            events = [event for event in changes.get(watch.project.code, []) if event.position > told_up_to(watch)]
            if events:
                last_unseen[watch] = events[-1]
            by_others = [event for event in events if event.actor_id != person.pk]
            if by_others:
                news.append(ProjectNews(watch.project, by_others))
        if not last_unseen:
            continue
        if not person.email:
            report.without_email += bool(news)
            continue
        for watch, last in last_unseen.items():
            watch.reported_up_to = last
        yield Letter(person, news, list(last_unseen))


def _title(project: Project) -> str:
    return project.title_en if translation.get_language() == "en" and project.title_en else project.title_uk


def _body(news: list[ProjectNews]) -> str:
    """Write the letter's text: each project with its link, then each change in words, as its public history says."""
    lines = [_("Good day!"), "", _("Here is what has changed in the projects you watch on DREAM:")]
    for item in news:
        link = settings.DREAM_PUBLIC_URL + reverse("portal:project", args=[item.project.code])
        lines += ["", f"{_title(item.project)} ({item.project.code})", link]
        for event in item.events:
            when = formats.date_format(timezone.localtime(event.occurred_at), "Y-m-d H:i")
            change = action_label(event.action)
            if event.comment:
                change += f": “{event.comment}”"
            lines.append(f"  {when} — {change}")
    cabinet = settings.DREAM_PUBLIC_URL + reverse("cabinet:home")
    lines += [
        "",
        _("You receive this letter because you watch these projects. To stop, open your cabinet: %(link)s")
        % {"link": cabinet},
    ]
    return "\n".join(lines) + "\n"


def _message(letter: Letter) -> EmailMessage:
    # Nothing records a person's language, so the letter speaks the portal's first one.
    with translation.override(settings.LANGUAGE_CODE):
        return EmailMessage(
            subject=_("DREAM: changes in the projects you watch"), body=_body(letter.news), to=[letter.person.email]
        )


def _send(letters: list[Letter]) -> list[Letter]:
    """Send the letters over one connection and return those that left; each failure is logged and passed over."""
    sent: list[Letter] = []
    try:
        with get_connection() as connection:
            for letter in letters:
                try:
                    connection.send_messages([_message(letter)])
                except (OSError, smtplib.SMTPException):
                    logger.exception("Could not e-mail the watchers' digest to user %s", letter.person.pk)
                else:
                    sent.append(letter)
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not reach the mail server to send the watchers' digest")
    return sent


def send_watch_digests() -> DigestReport:
    """E-mail every watcher what changed in the projects they watch since they were last told, and move them on."""
    report = DigestReport()
    letters = list(_letters(watches_to_report(), report))
    # A person whose only news is of their own doing gets no letter, yet is moved past it.
    quiet = [letter for letter in letters if not letter.news]
    to_send = [letter for letter in letters if letter.news]
    sent = _send(to_send) if to_send else []
    report.failed = len(to_send) - len(sent)
    for letter in sent:
        report.people += 1
        report.projects.update(item.project.code for item in letter.news)
        report.changes.update(event.pk for item in letter.news for event in item.events)

    mark_reported(watches=[watch for letter in (*quiet, *sent) for watch in letter.watches])
    return report
