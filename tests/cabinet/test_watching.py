"""Watching a project: start and stop on its page or in the cabinet, then one e-mail a person of what changed."""

import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from audit.queries import public_history
from cabinet.models import Watch
from cabinet.services import watch_project
from projects import services
from projects.codes import AccessLevel, StatusDetail
from tests.factories import UserFactory, attach, project_in, walk

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://dream.example.org"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
# Reading the watches, reading the events, and keeping how far each watch was told: the savepoint around it, the
# update of the watches, and its audit event (the chain's head read, the event written, the head moved).
DIGEST_QUERIES = 8


@pytest.fixture(autouse=True)
def _public_url(settings):
    settings.DREAM_PUBLIC_URL = PUBLIC_URL


@pytest.fixture
def citizen():
    return UserFactory(username="citizen", email="citizen@example.org")


@pytest.fixture
def school(cast):
    return project_in(cast, StatusDetail.DEFINITION, title_uk="Відновлення гімназії №2")


@pytest.fixture
def clinic(cast):
    return project_in(cast, StatusDetail.DEFINITION, initiator=cast.lviv, title_uk="Амбулаторія на Сихові")


def _signed_in(client, user):
    client.force_login(user)
    return client


def _digest() -> str:
    out = StringIO()
    call_command("notify", "watchers", stdout=out)
    return out.getvalue()


def _watch_form(project) -> str:
    return f'action="/cabinet/projects/{project.code}/watch/"'


def _stop_form(project) -> str:
    return f'action="/cabinet/projects/{project.code}/stop-watching/"'


# Watching and stopping on the pages.


def test_a_signed_in_person_starts_watching_from_the_project_page(client, citizen, school):
    page = _signed_in(client, citizen).get(f"/projects/{school.code}/", **EN).content.decode()
    assert _watch_form(school) in page
    assert "Watch this project" in page

    response = client.post(f"/cabinet/projects/{school.code}/watch/", **EN)

    assert (response.status_code, response["Location"]) == (302, f"/projects/{school.code}/")
    watch = Watch.objects.get(user=citizen, project=school)
    assert watch.reported_up_to == public_history("project", school.code).last()
    event = AuditEvent.objects.get(action="watch.started")
    assert (event.actor, event.object_id, event.is_public) == (citizen, str(watch.pk), False)
    page = client.get(f"/projects/{school.code}/", **EN).content.decode()
    assert f"You watch project {school.code}: what changes in it will come to citizen@example.org." in page
    assert _stop_form(school) in page
    assert _watch_form(school) not in page


def test_watching_twice_keeps_one_watch_and_records_one_event(client, citizen, school):
    _signed_in(client, citizen)

    for _ in range(2):
        assert client.post(f"/cabinet/projects/{school.code}/watch/").status_code == 302

    assert Watch.objects.filter(user=citizen, project=school).count() == 1
    assert AuditEvent.objects.filter(action="watch.started").count() == 1


def test_a_person_stops_watching_from_the_project_page(client, citizen, school):
    _signed_in(client, citizen).post(f"/cabinet/projects/{school.code}/watch/")
    watch = Watch.objects.get(user=citizen, project=school)

    response = client.post(f"/cabinet/projects/{school.code}/stop-watching/", **EN)

    assert (response.status_code, response["Location"]) == (302, f"/projects/{school.code}/")
    assert not Watch.objects.filter(user=citizen, project=school).exists()
    event = AuditEvent.objects.get(action="watch.stopped")
    assert (event.actor, event.object_id, event.is_public) == (citizen, str(watch.pk), False)
    page = client.get(f"/projects/{school.code}/", **EN).content.decode()
    assert f"You no longer watch project {school.code}." in page
    assert _watch_form(school) in page
    # Stopping again changes nothing and records nothing.
    assert client.post(f"/cabinet/projects/{school.code}/stop-watching/").status_code == 302
    assert AuditEvent.objects.filter(action="watch.stopped").count() == 1


def test_a_watch_never_appears_in_the_project_s_public_history_or_open_data(client, citizen, school):
    history_before = client.get(f"/api/v1/projects/{school.code}/history").json()

    _signed_in(client, citizen).post(f"/cabinet/projects/{school.code}/watch/")
    client.post(f"/cabinet/projects/{school.code}/stop-watching/")
    client.logout()

    watch_events = AuditEvent.objects.filter(action__startswith="watch.")
    assert watch_events.count() == 2
    history = client.get(f"/api/v1/projects/{school.code}/history")
    assert history.status_code == 200
    assert history.json() == history_before
    assert not {event.position for event in watch_events} & {event["position"] for event in history.json()}
    for address in (f"/api/v1/oc4ids/projects/{school.code}", f"/projects/{school.code}/"):
        body = client.get(address).content.decode()
        assert "citizen" not in body, address
        assert "watch." not in body, address


def test_anonymous_visitors_are_asked_to_sign_in_and_the_cached_page_holds_no_watch_form(
    client, citizen, school, django_assert_num_queries
):
    # A signed-in visit comes first: what it shows must not reach the cache that anonymous visitors share.
    assert _watch_form(school) in _signed_in(client, citizen).get(f"/projects/{school.code}/", **EN).content.decode()
    client.logout()

    first = client.get(f"/projects/{school.code}/", **EN).content.decode()
    with django_assert_num_queries(1):  # Only the audit log's head, which keys the cache: the page is the cached one.
        cached = client.get(f"/projects/{school.code}/", **EN).content.decode()

    assert cached == first
    sign_in = f'<a href="/accounts/login/?next=/projects/{school.code}/">Sign in to watch this project</a>'
    assert sign_in in cached
    for absent in (_watch_form(school), _stop_form(school), "csrfmiddlewaretoken", "citizen"):
        assert absent not in cached
    ukrainian = client.get(f"/projects/{school.code}/").content.decode()
    assert "Увійдіть, щоб стежити за цим проєктом" in ukrainian


def test_an_anonymous_post_is_sent_to_sign_in_and_watches_nothing(client, school):
    response = client.post(f"/cabinet/projects/{school.code}/watch/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Watch.objects.exists()


def test_watching_a_project_that_does_not_exist_is_not_found(client, citizen):
    response = _signed_in(client, citizen).post("/cabinet/projects/DREAM-UA-010125-00000000/watch/")

    assert response.status_code == 404
    assert not Watch.objects.exists()


def test_the_cabinet_lists_the_watched_projects_each_with_a_link_and_a_stop_button(client, citizen, school, clinic):
    _signed_in(client, citizen)
    for project in (school, clinic):
        client.post(f"/cabinet/projects/{project.code}/watch/")

    page = client.get("/cabinet/", **EN).content.decode()
    watched = page.split('<h2 id="watched-title">Projects you watch</h2>', 1)[1].split("</table>", 1)[0]
    for project in (school, clinic):
        assert f'<a href="/projects/{project.code}/">{project.title_uk}</a>' in watched
        assert _stop_form(project) in watched

    response = client.post(f"/cabinet/projects/{school.code}/stop-watching/", {"next": "/cabinet/"})

    assert (response.status_code, response["Location"]) == (302, "/cabinet/")
    assert list(Watch.objects.filter(user=citizen).values_list("project", flat=True)) == [clinic.pk]
    watched = client.get("/cabinet/", **EN).content.decode().split("Projects you watch", 1)[1]
    assert school.code not in watched


def test_a_stop_button_never_sends_the_person_away_from_the_portal(client, citizen, school):
    _signed_in(client, citizen).post(f"/cabinet/projects/{school.code}/watch/")

    response = client.post(f"/cabinet/projects/{school.code}/stop-watching/", {"next": "https://evil.example/"})

    assert response["Location"] == f"/projects/{school.code}/"


# The digest.


def test_the_digest_sends_each_watcher_one_letter_with_the_changes_made_after_the_watch_began(cast, citizen, school):
    other = UserFactory(username="journalist", email="journalist@example.org")
    clinic = project_in(cast, StatusDetail.DEFINITION, initiator=cast.lviv, title_uk="Амбулаторія на Сихові")
    for project in (school, clinic):
        watch_project(actor=citizen, project=project)
    watch_project(actor=other, project=school)

    walk(school, cast, ("complete_definition", "submit_for_appraisal"))
    services.update_passport(actor=cast.lviv_editor, project=clinic, title_en="Outpatient clinic in Sykhiv")
    summary = _digest()

    assert sorted(letter.to[0] for letter in mail.outbox) == ["citizen@example.org", "journalist@example.org"]
    [letter] = [letter for letter in mail.outbox if letter.to == ["citizen@example.org"]]
    assert letter.subject == "DREAM: зміни в проєктах, за якими ви стежите"
    for project in (school, clinic):
        assert f"{project.title_uk} ({project.code})\n{PUBLIC_URL}/projects/{project.code}/\n" in letter.body
    assert "визначення завершено" in letter.body
    assert "подано на оцінку" in letter.body
    assert "паспорт змінено" in letter.body
    # What happened before the watch began is not news.
    assert "визначення розпочато" not in letter.body
    assert "зареєстровано" not in letter.body
    [journalist_letter] = [letter for letter in mail.outbox if letter.to == ["journalist@example.org"]]
    assert clinic.code not in journalist_letter.body
    assert "подано на оцінку" in journalist_letter.body
    assert summary == "Wrote to 2 people about 2 projects and 3 changes.\n"


def test_a_second_digest_sends_nothing(cast, citizen, school):
    watch_project(actor=citizen, project=school)
    walk(school, cast, ("complete_definition",))
    _digest()
    assert len(mail.outbox) == 1

    summary = _digest()

    assert len(mail.outbox) == 1
    assert summary == "Wrote to 0 people about 0 projects and 0 changes.\n"


def test_the_next_digest_carries_only_what_changed_since_the_last_one(cast, citizen, school):
    watch_project(actor=citizen, project=school)
    walk(school, cast, ("complete_definition",))
    _digest()

    walk(school, cast, ("submit_for_appraisal",))
    _digest()

    assert len(mail.outbox) == 2
    assert "подано на оцінку" in mail.outbox[1].body
    assert "визначення завершено" not in mail.outbox[1].body


def test_the_watcher_s_own_changes_are_not_reported(cast, school):
    editor = cast.bucha_editor
    editor.email = "clerk@example.org"
    editor.save()
    watch_project(actor=editor, project=school)
    walk(school, cast, ("complete_definition", "submit_for_appraisal"))

    _digest()
    assert mail.outbox == []

    walk(school, cast, ("appraise",))
    _digest()

    [letter] = mail.outbox
    assert "оцінку погоджено" in letter.body
    assert "подано на оцінку" not in letter.body
    assert "визначення завершено" not in letter.body


def test_a_restricted_document_is_not_reported(cast, citizen, school):
    watch_project(actor=citizen, project=school)

    attach(school, cast.bucha_editor, access_level=AccessLevel.RESTRICTED, title="Висновок служби безпеки")
    _digest()
    assert mail.outbox == []

    attach(school, cast.bucha_editor, title="Кошторис")
    _digest()

    [letter] = mail.outbox
    assert letter.body.count("документ додано") == 1
    assert "Висновок служби безпеки" not in letter.body


def test_a_person_without_an_e_mail_address_is_skipped_and_keeps_their_place(cast, school):
    reader = UserFactory(username="reader")
    watch = watch_project(actor=reader, project=school)
    told = watch.reported_up_to
    walk(school, cast, ("complete_definition",))

    summary = _digest()

    assert mail.outbox == []
    assert "skipped 1 person without an e-mail address" in summary
    watch.refresh_from_db()
    assert watch.reported_up_to == told

    reader.email = "reader@example.org"
    reader.save()
    _digest()

    [letter] = mail.outbox
    assert letter.to == ["reader@example.org"]
    assert "визначення завершено" in letter.body


def test_a_letter_that_cannot_be_sent_keeps_the_watch_where_it_was(cast, citizen, school, monkeypatch):
    watch = watch_project(actor=citizen, project=school)
    told = watch.reported_up_to
    walk(school, cast, ("complete_definition",))

    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({"citizen@example.org": (550, b"no such mailbox")})

    with monkeypatch.context() as patched:
        patched.setattr(EmailBackend, "send_messages", refuse)
        with pytest.raises(CommandError, match="could not write to 1 person") as failed:
            _digest()
    assert failed.value.returncode == 1
    watch.refresh_from_db()
    assert watch.reported_up_to == told

    _digest()

    [letter] = mail.outbox
    assert "визначення завершено" in letter.body


@pytest.mark.parametrize(("people", "projects", "changes"), [(1, 1, 1), (3, 3, 1), (3, 3, 4), (5, 4, 6)])
def test_the_digest_s_query_count_does_not_grow_with_people_projects_or_changes(
    cast, django_assert_max_num_queries, people, projects, changes
):
    watched = [project_in(cast, StatusDetail.DEFINITION) for _ in range(projects)]
    watchers = [UserFactory(username=f"watcher-{number}", email=f"w{number}@example.org") for number in range(people)]
    for watcher in watchers:
        for project in watched:
            watch_project(actor=watcher, project=project)
    for project in watched:
        for number in range(changes):
            services.update_passport(actor=cast.bucha_editor, project=project, title_en=f"School {number}")

    with django_assert_max_num_queries(DIGEST_QUERIES):
        _digest()

    assert len(mail.outbox) == people
    assert all(letter.body.count("паспорт змінено") == projects * changes for letter in mail.outbox)
