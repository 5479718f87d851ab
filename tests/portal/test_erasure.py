"""Erasure leaves nothing behind (issue 12, item 5): a person's data is created through every
public form and staff action, erased, and then every column of every table is searched."""

import contextlib
import io
import json
import re
import socket
import zlib
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from newsletter.models import Subscriber
from portal.core import privacy, task_results
from portal.core.models import PersonalDataRequest
from portal.core.periodic import periodic_task_paths
from registrations import services
from registrations.models import Application, Interest, Registration
from registrations.tasks import send_registration_email
from tests.events.factories import SessionFactory
from tests.portal import documents
from tests.projects.factories import CallFactory, ProjectFactory, SectorFactory
from tests.registrations.factories import application_data, details, interest_data

pytestmark = pytest.mark.django_db
# The whole life runs with real commits: emails and tasks go out after them, as deployed.
real_commits = pytest.mark.django_db(transaction=True)

EMAIL = "Zenobia.Quillfeather@example.org"
NAME = "Zenobia Quillfeather"
ADD = reverse("admin:portal_personaldatarequest_add")
Status = Registration.Status


# -- a refusing SMTP server, so that a task fails quoting the address -----------------------
class RefusingHandler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return f"550 5.1.1 <{address}>: mailbox unavailable"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def refusing_smtp(settings):
    """Call it to send email through a real SMTP server that refuses every recipient."""
    port = free_port()
    controller = Controller(RefusingHandler(), hostname="127.0.0.1", port=port)
    controller.start()

    def use():
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    yield use
    controller.stop()


# -- the person's life on the site ----------------------------------------------------------
def url(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def link_in(message) -> str:
    found = re.search(r"^https?://[^/\s]+(/\S+/)$", message.body, re.MULTILINE)
    return found.group(1)


def person_form(**overrides) -> dict:
    return {
        "name": NAME, "email": EMAIL, "phone": "+32 470 12 34 56",
        "country_of_residence": "BE", "country_of_origin": "RW", "language": "fr",
        "accessibility_needs": f"{NAME} needs a ramp", "consent": "on", "website": "",
        **overrides,
    }  # fmt: skip


@pytest.fixture
def world():
    """Sessions (one place; full; date to be determined), a call and a project."""
    one_place = SessionFactory(capacity=1)
    full = SessionFactory(capacity=1)
    services.registration_create(session=full, **details(1, email="first@example.org"))
    undated = SessionFactory(tbd=True, capacity=10)
    call = CallFactory()
    return {
        "one_place": one_place, "full": full, "undated": undated, "call": call,
        "sector": SectorFactory(), "project": ProjectFactory(),
    }  # fmt: skip


def live_a_life(world, admin_client, settings, refusing_smtp) -> dict:
    """Everything a person and the staff do with an address, through the real views."""
    visitor = Client()
    # Newsletter: subscribe, then confirm from the emailed link.
    mail.outbox.clear()
    response = visitor.post(
        url("newsletter:subscribe"), {"email": EMAIL, "language": "fr", "consent": "on"}
    )
    assert response.status_code == 302
    assert visitor.post(link_in(mail.outbox[-1])).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    # Events: a confirmed place, the waiting list, a pre-registration.
    for session in ("one_place", "full", "undated"):
        response = visitor.post(
            url("registrations:register", session_id=world[session].pk), person_form()
        )
        assert response.status_code == 302, response.content
    statuses = dict(
        Registration.objects.filter(email=EMAIL.lower()).values_list("session", "status")
    )
    assert statuses == {
        world["one_place"].pk: Status.CONFIRMED,
        world["full"].pk: Status.WAITING,
        world["undated"].pk: Status.PRE_REGISTERED,
    }
    # Someone else waits behind her for the one place.
    waiting = services.registration_create(
        session=world["one_place"], **details(2, email="next@example.org")
    )
    assert waiting.status == Status.WAITING

    # A candidate application with a CV, and two investor interests (staff delete one).
    data = application_data(world["call"], world["sector"], name=NAME, email=EMAIL)
    data["cv"] = documents.upload(documents.PDF, f"CV {NAME}.pdf")
    with translation.override("en"):
        apply_url = reverse("registrations:apply", args=[world["call"].slug_en])
        interest_url = reverse("registrations:interest", args=[world["project"].slug_en])
    assert visitor.post(apply_url, data).status_code == 302
    for _n in range(2):
        response = visitor.post(
            interest_url,
            interest_data(organisation="", contact_person=NAME, email=EMAIL, message=f"{NAME}."),
        )
        assert response.status_code == 302
    application = Application.objects.get(email=EMAIL.lower())
    deleted_interest, interest = Interest.objects.filter(email=EMAIL.lower()).order_by("pk")

    # Staff: status and a note on the application, check-in, CSV, CV download, a deletion.
    change = reverse("admin:registrations_application_change", args=[application.pk])
    response = admin_client.post(
        change,
        {
            "status": "shortlisted",
            "notes-TOTAL_FORMS": "1", "notes-INITIAL_FORMS": "0",
            "notes-MIN_NUM_FORMS": "0", "notes-MAX_NUM_FORMS": "1000",
            "notes-0-text": f"Called {NAME} on {EMAIL}",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content
    assert application.notes.count() == 1
    confirmed = Registration.objects.get(email=EMAIL.lower(), session=world["one_place"])
    changelist = reverse("admin:registrations_registration_changelist")
    for action in ("mark_attended", "export_csv"):
        response = admin_client.post(
            changelist, {"action": action, "_selected_action": [confirmed.pk]}
        )
        assert response.status_code in (200, 302)
    assert EMAIL.lower() in response.content.decode()  # the CSV
    confirmed.refresh_from_db()
    assert confirmed.attended_at is not None
    cv = admin_client.get(reverse("admin:registrations_application_cv", args=[application.pk]))
    assert cv.status_code == 200
    response = admin_client.post(
        reverse("admin:registrations_interest_delete", args=[deleted_interest.pk]),
        {"post": "yes"},
    )
    assert response.status_code == 302
    assert LogEntry.objects.filter(object_repr__contains=NAME).count() >= 3

    # A failed login with her address as the username (django-axes logs it).
    settings.AXES_ENABLED = True
    Client().post(reverse("admin:login"), {"username": EMAIL, "password": "nope"})
    settings.AXES_ENABLED = False

    # A task run by the real worker that failed: the SMTP server refused her address.
    refusing_smtp()
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    waiting_place = Registration.objects.get(email=EMAIL.lower(), session=world["full"])
    send_registration_email.enqueue(registration_id=waiting_place.pk, kind="registered")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    failed = DBTaskResult.objects.get()
    assert failed.status == "FAILED" and EMAIL.lower() in failed.traceback

    return {
        "application": application,
        "cv": (application.cv.storage, application.cv.name),
        "interest": interest,
        "confirmed": confirmed,
        "next": waiting,
    }


# -- the search -----------------------------------------------------------------------------
def text_of(value) -> str:
    if isinstance(value, memoryview | bytes):
        return bytes(value).decode("latin-1")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def hits_in_database(*terms: str) -> list[str]:
    """Every column of every table (third-party apps included), case-insensitive. Sessions
    are searched after decoding their data, as Django would read them."""
    terms = [term.lower() for term in terms]
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                values = dict(zip(columns, row, strict=True))
                if table == "django_session":
                    values["decoded"] = SessionStore().decode(values["session_data"])
                for column, value in values.items():
                    text = text_of(value).lower()
                    hits += [f"{table}.{column}: {term}" for term in terms if term in text]
    return hits


def erase_with_admin(admin_client) -> None:
    response = admin_client.post(
        ADD,
        {"email": EMAIL, "action": "erase", "confirm": "on", "reason": "Letter of 1 Dec"},
        follow=True,
    )
    assert "records about this address were erased." in response.text


def erase_with_command(_admin_client) -> None:
    call_command("personal_data", "erase", EMAIL, "--no-input", stdout=io.StringIO())


@real_commits
@pytest.mark.parametrize("erase", [erase_with_admin, erase_with_command])
def test_erasure_leaves_no_trace_of_the_address_or_the_name_in_any_table(
    world, admin_client, settings, refusing_smtp, erase
):
    life = live_a_life(world, admin_client, settings, refusing_smtp)
    before = hits_in_database(EMAIL, NAME)
    tables = {hit.split(".")[0] for hit in before}
    # The search sees them all before: the person's rows and every kind of trace.
    for table in (
        "newsletter_subscriber", "newsletter_historicalsubscriber",
        "registrations_registration", "registrations_historicalregistration",
        "registrations_application", "registrations_historicalapplication",
        "registrations_interest", "registrations_historicalinterest", "registrations_note",
        "django_admin_log", DBTaskResult._meta.db_table, "axes_accessattempt",
    ):  # fmt: skip
        assert table in tables, table
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()

    erase(admin_client)

    assert hits_in_database(EMAIL, NAME) == []
    storage, cv_name = life["cv"]
    assert not storage.exists(cv_name)  # no private CV file remains
    # Her place went to the person waiting; no email went to the erased address.
    life["next"].refresh_from_db()
    assert life["next"].status == Status.OFFERED
    assert [m.to for m in mail.outbox] == [["next@example.org"]]
    erased = Registration.objects.filter(email__startswith="erased-")
    assert set(erased.values_list("status", flat=True)) == {Status.CANCELLED}
    assert len({r.token for r in erased}) == 3
    assert all(len(r.token) >= 40 and not r.token.startswith("erased") for r in erased)
    # The audit trail stays, without the name: who downloaded a CV, and when.
    assert LogEntry.objects.filter(change_message="Downloaded the CV.").exists()
    log = PersonalDataRequest.objects.get()
    assert log.action == "erase" and log.email_hash == privacy.email_hmac(EMAIL)


@real_commits
def test_export_includes_history_admin_log_task_results_and_login_logs(
    world, admin_client, settings, refusing_smtp
):
    live_a_life(world, admin_client, settings, refusing_smtp)
    response = admin_client.post(ADD, {"email": EMAIL.upper(), "action": "export"})
    records = json.loads(response.content)["records"]
    for label in (
        "newsletter.subscriber", "newsletter.historicalsubscriber",
        "registrations.registration", "registrations.historicalregistration",
        "registrations.application", "registrations.historicalapplication",
        "registrations.interest", "registrations.historicalinterest",
        "admin.logentry", DBTaskResult._meta.label_lower, "axes.accessattempt",
    ):  # fmt: skip
        assert records.get(label), label
    # The deleted interest is in the export through its history.
    assert len({row["id"] for row in records["registrations.historicalinterest"]}) == 2
    assert any(NAME in row["object_repr"] for row in records["admin.logentry"])
    assert EMAIL.lower() in records[DBTaskResult._meta.label_lower][0]["traceback"]
    assert all("token" not in row for row in records["registrations.historicalregistration"])


# -- the parts, one behaviour each ----------------------------------------------------------
def test_erasing_cancels_through_the_service_and_offers_the_place_to_the_next(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        hers = services.registration_create(session=session, **details(1, email=EMAIL))
        nxt = services.registration_create(session=session, **details(2))
    old_token = hers.token
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_for_email(EMAIL)
    hers.refresh_from_db()
    nxt.refresh_from_db()
    session.refresh_from_db()
    assert hers.status == Status.CANCELLED and hers.cancelled_at is not None
    assert nxt.status == Status.OFFERED
    assert session.places_taken == 1  # her place, now offered to the next
    assert [m.to for m in mail.outbox] == [["person2@example.org"]]
    assert hers.token != old_token and not hers.token.startswith("erased")
    assert len(hers.token) >= 40


def test_anonymised_rows_get_fresh_random_tokens_also_on_retention(settings):
    past = SessionFactory(past=True)
    rows = [services.registration_create(session=SessionFactory(), **details(n)) for n in (1, 2)]
    Registration.objects.filter(pk__in=[r.pk for r in rows]).update(session=past)
    settings.PERSONAL_DATA_RETENTION_DAYS = {
        **settings.PERSONAL_DATA_RETENTION_DAYS, "event_registrations": 1,
    }  # fmt: skip
    privacy.retention_purge(dry_run=False)
    tokens = set(Registration.objects.values_list("token", flat=True))
    assert len(tokens) == 2
    assert not any(token.startswith("erased") for token in tokens)


def test_guessable_tokens_of_earlier_erasures_are_replaced_by_a_migration():
    from importlib import import_module

    from django.apps import apps

    registration = services.registration_create(session=SessionFactory(), **details(1))
    Registration.objects.filter(pk=registration.pk).update(token=f"erased-{registration.pk}")
    migration = import_module("registrations.migrations.0002_fresh_tokens_for_erased_registrations")
    migration.fresh_tokens(apps, None)
    registration.refresh_from_db()
    assert not registration.token.startswith("erased-") and len(registration.token) >= 40


def test_the_log_keeps_an_hmac_keyed_by_a_secret_setting(settings):
    import hashlib

    settings.PERSONAL_DATA_HMAC_KEY = "one secret"
    first = privacy.email_hmac(f" {EMAIL.upper()} ")
    assert first == privacy.email_hmac(EMAIL.lower())  # the same address, however typed
    assert first != hashlib.sha256(EMAIL.lower().encode()).hexdigest()
    assert len(first) == 64
    settings.PERSONAL_DATA_HMAC_KEY = "another secret"
    assert privacy.email_hmac(EMAIL) != first
    settings.PERSONAL_DATA_HMAC_KEY = ""  # default: derived from SECRET_KEY
    derived = privacy.email_hmac(EMAIL)
    settings.SECRET_KEY = "another secret key " * 3
    assert privacy.email_hmac(EMAIL) != derived


def test_finished_task_results_are_pruned_after_the_retention_period(settings):
    settings.TASK_RESULTS_RETENTION_DAYS = 14
    assert "portal.core.tasks.prune_task_results" in periodic_task_paths()
    now = timezone.now()

    def result(status, finished_days_ago):
        finished = (
            now - timedelta(days=finished_days_ago) if finished_days_ago is not None else None
        )
        return DBTaskResult.objects.create(
            status=status, args_kwargs={"args": [], "kwargs": {}}, task_path="x.y",
            backend_name="default", run_after=now, finished_at=finished,
            exception_class_path="", traceback="",
        )  # fmt: skip

    old_ok, old_failed = result("SUCCESSFUL", 15), result("FAILED", 20)
    recent, ready = result("FAILED", 3), result("READY", None)
    from portal.core.tasks import prune_task_results

    assert prune_task_results.call() == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, ready.pk}
    assert not DBTaskResult.objects.filter(pk__in=[old_ok.pk, old_failed.pk]).exists()


def test_export_command_prints_json_and_is_logged(capsys):
    services.registration_create(session=SessionFactory(), **details(1, email=EMAIL, name=NAME))
    call_command("personal_data", "export", EMAIL)
    data = json.loads(capsys.readouterr().out)
    assert data["records"]["registrations.registration"][0]["name"] == NAME
    assert PersonalDataRequest.objects.get().action == "export"


def test_erase_command_asks_for_confirmation_without_no_input(monkeypatch):
    from django.core.management import CommandError

    services.registration_create(session=SessionFactory(), **details(1, email=EMAIL, name=NAME))
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("personal_data", "erase", EMAIL)
    assert Registration.objects.filter(name=NAME).exists()
    assert not PersonalDataRequest.objects.exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    call_command("personal_data", "erase", EMAIL, stdout=io.StringIO())
    assert not Registration.objects.filter(name=NAME).exists()
    with pytest.raises(CommandError, match="not an email address"):
        call_command("personal_data", "export", "not-an-address")


def test_retention_also_scrubs_the_admin_log_of_what_it_removes(settings, admin_user):
    from django.contrib.admin.models import CHANGE

    from tests.portal.test_privacy import interest

    old, kept = interest(email=EMAIL), interest(email="kept@example.org")
    for submission in (old, kept):
        LogEntry.objects.log_actions(
            user_id=admin_user.pk, queryset=[submission], action_flag=CHANGE,
            change_message="Downloaded the CV.", single_object=True,
        )  # fmt: skip
    Interest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=800))
    privacy.retention_purge(dry_run=False)
    assert not Interest.objects.filter(pk=old.pk).exists()
    reprs = dict(LogEntry.objects.values_list("object_id", "object_repr"))
    assert reprs == {str(old.pk): privacy.ERASED, str(kept.pk): str(kept)}


# -- TASKS_BACKEND=rq: results in Redis (database 8 of the test Redis) ----------------------
RQ_REDIS_URL = "redis://127.0.0.1:6379/8"


def fails_quoting(email: str) -> None:
    """An RQ job that fails quoting its argument, as an SMTP refusal would."""
    raise ValueError(f"550 <{email}>: mailbox unavailable")


def returns_quoting(name: str) -> str:
    return f"Sent to {name}"


def redis_text(connection) -> str:
    """Everything in a Redis database as text, RQ's zlib-compressed job data included."""
    parts = []
    for key in connection.scan_iter():
        kind = connection.type(key).decode()
        values = {
            "string": lambda k: [connection.get(k)],
            "hash": lambda k: list(connection.hgetall(k).values()),
            "list": lambda k: connection.lrange(k, 0, -1),
            "set": lambda k: list(connection.smembers(k)),
            "zset": lambda k: connection.zrange(k, 0, -1),
            "stream": lambda k: [v for _id, e in connection.xrange(k) for v in e.values()],
        }.get(kind, lambda k: [])(key)
        for value in values:
            with contextlib.suppress(zlib.error):
                value = zlib.decompress(value)
            parts.append(value.decode("latin-1"))
    return "\n".join(parts).lower()


@pytest.fixture
def rq_jobs(settings):
    """A failed and a finished RQ job quoting the person, one failed job about someone else,
    run by a real RQ worker (in this process) on a real Redis."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    settings.TASKS_BACKEND, settings.REDIS_URL = "rq", RQ_REDIS_URL
    connection = Redis.from_url(RQ_REDIS_URL)
    connection.flushdb()  # this test's own database only
    queue = Queue("default", connection=connection)
    jobs = [
        queue.enqueue(fails_quoting, EMAIL.lower()),
        queue.enqueue(returns_quoting, NAME),
        queue.enqueue(fails_quoting, "someone@example.org"),
    ]
    SimpleWorker([queue], connection=connection).work(burst=True)
    text = redis_text(connection)
    assert EMAIL.lower() in text and NAME.lower() in text
    yield connection, jobs
    connection.flushdb()


def test_rq_job_results_quoting_the_person_are_exported_and_erased(
    rq_jobs, django_capture_on_commit_callbacks
):
    from rq.job import Job

    connection, (failed, finished, other) = rq_jobs
    services.registration_create(session=SessionFactory(), **details(1, email=EMAIL, name=NAME))
    exported = privacy.export_for_email(EMAIL)["records"]["rq.job"]
    assert {job["id"] for job in exported} == {failed.id, finished.id}
    assert EMAIL.lower() in next(j for j in exported if j["id"] == failed.id)["traceback"]
    with django_capture_on_commit_callbacks(execute=True):
        counts = privacy.erase_for_email(EMAIL)
    assert counts["rq.job"] == 2
    text = redis_text(connection)
    assert EMAIL.lower() not in text and NAME.lower() not in text
    assert Job.exists(other.id, connection=connection)


def test_rq_job_results_are_pruned_after_the_retention_period(rq_jobs, settings):
    from rq.job import Job

    connection, jobs = rq_jobs
    settings.TASK_RESULTS_RETENTION_DAYS = 14
    assert task_results.task_results_prune(now=timezone.now() + timedelta(days=13)) == 0
    assert task_results.task_results_prune(now=timezone.now() + timedelta(days=15)) == 3
    assert not any(Job.exists(job.id, connection=connection) for job in jobs)


def test_an_erasure_with_redis_down_erases_the_database_and_logs_the_gap(settings, caplog):
    settings.TASKS_BACKEND, settings.REDIS_URL = "rq", f"redis://127.0.0.1:{free_port()}/8"
    services.registration_create(session=SessionFactory(), **details(1, email=EMAIL, name=NAME))
    counts = privacy.erase_for_email(EMAIL)
    assert counts["registrations.registration"] == 1 and "rq.job" not in counts
    assert "RQ job results were not searched" in caplog.text
