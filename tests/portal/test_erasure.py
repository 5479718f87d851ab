"""Erasure leaves nothing behind (issue 12, item 5): a person's data is created through every
public form and staff action, erased, and then every column of every table is searched."""

import io
import json
import re

import pytest
from aiosmtpd.controller import Controller
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from newsletter.models import Subscriber
from portal.core import privacy
from portal.core.models import PersonalDataRequest
from registrations import services
from registrations.models import Application, Interest, Registration
from registrations.tasks import send_registration_email
from tests.events.factories import SessionFactory
from tests.portal import documents
from tests.processes import free_port
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


@pytest.fixture
def refusing_smtp(settings):
    """Call it to send email through a real SMTP server that refuses every recipient."""
    port = free_port()
    controller = Controller(RefusingHandler(), hostname="127.0.0.1", port=port)
    controller.start()

    def use():
        settings.EMAIL_BACKEND = "portal.core.mail_smtp.EmailBackend"
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
