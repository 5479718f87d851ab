"""Tasks import services, never the reverse: the services announce work with the signals
of registrations.signals, and registrations.receivers queues the tasks."""

import ast
import uuid
from pathlib import Path

import pytest
from django.core import mail

import registrations
from registrations import services
from registrations.models import Interest, Registration
from registrations.signals import (
    registration_email_due,
    registration_requested,
    submission_received,
)
from tests.events.factories import SessionFactory
from tests.projects.factories import ProjectFactory
from tests.registrations.factories import details

APP = Path(registrations.__file__).parent


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            yield node.module or ""
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_no_services_module_imports_the_tasks():
    for path in (APP / "services").glob("*.py"):
        assert "registrations.tasks" not in set(imported_modules(path)), path.name


def test_no_function_level_import_in_registrations_outside_apps_ready():
    for path in APP.rglob("*.py"):
        if path.name == "apps.py" or "migrations" in path.parts:
            continue
        for function in ast.walk(ast.parse(path.read_text())):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                nested = [
                    node
                    for node in ast.walk(function)
                    if isinstance(node, ast.Import | ast.ImportFrom)
                ]
                assert not nested, f"{path.relative_to(APP)}: {function.name}"


@pytest.mark.parametrize(
    "signal", [registration_email_due, registration_requested, submission_received]
)
def test_every_registrations_signal_is_received(signal):
    assert signal.has_listeners()


@pytest.mark.django_db
def test_a_registration_email_is_announced_only_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    announced = []

    def listen(sender, *, registration_id, kind, **kwargs):
        announced.append((registration_id, kind))

    registration_email_due.connect(listen)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            registration = services.registration_create(
                session=SessionFactory(capacity=5), **details(1)
            )
        assert announced == [] and mail.outbox == []
        for callback in callbacks:
            callback()
    finally:
        registration_email_due.disconnect(listen)
    assert announced == [(registration.pk, "registered")]
    assert len(mail.outbox) == 1  # the receiver queued the task (run at once in tests)


@pytest.mark.django_db
def test_the_public_request_is_queued_and_the_task_registers():
    session = SessionFactory(capacity=5)
    services.registration_request(session=session, **details(2))
    registration = Registration.objects.get()
    assert (registration.session, registration.email) == (session, "person2@example.org")


@pytest.mark.django_db
def test_a_submission_is_announced_after_commit_and_acknowledged(
    django_capture_on_commit_callbacks,
):
    announced = []

    def listen(sender, *, model, pk, **kwargs):
        announced.append((sender, model, pk))

    submission_received.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            interest = services.interest_submit(
                project=ProjectFactory(),
                call=None,
                submission_key=uuid.uuid4(),
                organisation="Kigali Health Invest",
                contact_person="Investor 1",
                email="investor1@example.org",
                country="BE",
                kind="investment",
                amount="10k-50k",
                message="We would like to fund a pilot project.",
                language="en",
            )
    finally:
        submission_received.disconnect(listen)
    assert announced == [(Interest, "registrations.interest", interest.pk)]
    assert "investor1@example.org" in [message.to[0] for message in mail.outbox]
