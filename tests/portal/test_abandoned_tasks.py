"""A task left RUNNING by a dead worker (kill -9) is queued again after
TASK_RUNNING_LEASE_SECONDS, and its row (which quotes the person) is no longer out of reach
of erasure and pruning."""

import asyncio
import logging
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from portal.core import privacy, task_results
from portal.core.periodic import periodic_task_paths
from registrations.models import Registration
from tests.events.factories import SessionFactory
from tests.newsletter.smtp import free_port
from tests.processes import database_url
from tests.registrations.factories import details

EMAIL = "ada.lovelace@example.org"


def row(status: str, *, started: timedelta | None, email: str = EMAIL, **fields):
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status, task_path="registrations.tasks.register_for_session",
        args_kwargs={"args": [], "kwargs": {"session_id": 1, "email": email}},
        backend_name="default", run_after=get_date_max(),
        started_at=now - started if started is not None else None,
        exception_class_path="", traceback="", **fields,
    )  # fmt: skip


@pytest.mark.django_db
def test_a_task_running_past_the_lease_is_queued_again_and_logged(settings, caplog):
    settings.TASK_RUNNING_LEASE_SECONDS = 60
    assert "portal.core.tasks.requeue_abandoned_tasks" in periodic_task_paths()
    abandoned = row("RUNNING", started=timedelta(seconds=61), worker_ids=["dead"])
    alive = row("RUNNING", started=timedelta(seconds=5), worker_ids=["alive"])
    done = row("SUCCESSFUL", started=timedelta(hours=1))
    from portal.core.tasks import requeue_abandoned_tasks

    with caplog.at_level(logging.WARNING, logger="portal.core.task_results"):
        assert requeue_abandoned_tasks.call() == [str(abandoned.pk)]
    abandoned.refresh_from_db()
    assert abandoned.status == "READY" and abandoned.started_at is None
    assert abandoned.worker_ids == ["dead"]  # as django-tasks-db left it before the claim
    assert DBTaskResult.objects.ready().filter(pk=abandoned.pk).exists()  # a worker takes it
    assert DBTaskResult.objects.get(pk=alive.pk).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=done.pk).status == "SUCCESSFUL"
    [record] = caplog.records
    assert str(abandoned.pk) in record.getMessage()
    assert "register_for_session" in record.getMessage()
    assert EMAIL not in record.getMessage()  # the log does not quote the person


@pytest.mark.django_db
def test_erasure_finds_and_removes_an_abandoned_running_task_quoting_the_address(settings):
    settings.TASK_RUNNING_LEASE_SECONDS = 60
    stale = row("RUNNING", started=timedelta(seconds=61))
    running = row("RUNNING", started=timedelta(seconds=5))  # its worker will finish it
    exported = privacy.export_for_email(EMAIL)["records"][DBTaskResult._meta.label_lower]
    assert [str(r["id"]) for r in exported] == [str(stale.pk)]
    counts = privacy.erase_for_email(EMAIL)
    assert counts[DBTaskResult._meta.label_lower] == 1
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [running.pk]


@pytest.mark.django_db
def test_pruning_removes_abandoned_running_tasks_past_the_retention_period(settings):
    settings.TASK_RUNNING_LEASE_SECONDS = 60
    settings.TASK_RESULTS_RETENTION_DAYS = 14
    old = row("RUNNING", started=timedelta(days=15))
    recent = row("RUNNING", started=timedelta(days=1))  # queued again, not deleted
    assert task_results.task_results_prune() == 1
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()


# A real worker killed with SIGKILL while a task runs -------------------------------------


class StallingHandler:
    """SMTP sink that stalls its answer to the first message (the worker is killed while it
    waits) and accepts the others; `accepted` counts messages answered 250 per recipient.
    The stalled message is never acknowledged, so no SMTP server would deliver it."""

    def __init__(self):
        self.accepted = Counter()
        self.stalled = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if not self.stalled.is_set():
            self.stalled.set()
            await asyncio.sleep(10)
            return "451 try again later"
        for rcpt in envelope.rcpt_tos:
            self.accepted[rcpt] += 1
        return "250 OK"


def start_worker(port: int, *, lease: int, batch: bool) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "TEST_WORKER_SUBPROCESS": "1",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "TASK_RUNNING_LEASE_SECONDS": str(lease),
    }
    return subprocess.Popen(
        [
            *(sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--no-reload"),
            *(("--batch",) if batch else ()),
            *("--interval", "0.1", "--periodic-interval", "1", "-v", "0"),
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
    )


def wait_for(condition, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_registration_whose_worker_was_killed_is_completed_once_by_the_next_worker():
    """The visitor's registration is queued; the worker creates it and starts sending the
    email, and is killed (SIGKILL) while the SMTP server has not answered. The next worker
    queues the abandoned task again (a lease of 1 second here) and the person is registered
    once and gets the email once."""
    session = SessionFactory()
    DBTaskResult.objects.create(
        task_path="registrations.tasks.register_for_session",
        args_kwargs={"args": [], "kwargs": {"session_id": session.pk, **details(1, email=EMAIL)}},
        backend_name="default", queue_name="default", run_after=get_date_max(),
        exception_class_path="", traceback="",
    )  # fmt: skip
    handler = StallingHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        worker = start_worker(port, lease=900, batch=False)
        try:
            assert handler.stalled.wait(60), "the worker never sent the email"
            assert wait_for(lambda: DBTaskResult.objects.running().exists())
        finally:
            worker.kill()  # SIGKILL: no clean-up, like a crashed machine
            worker.wait(10)
        [stuck] = DBTaskResult.objects.running()
        assert stuck.task_path == "registrations.tasks.send_registration_email"

        time.sleep(1.5)  # the lease (1 s) of the next worker, and its periodic interval, pass
        restarted = start_worker(port, lease=1, batch=True)
        try:
            assert restarted.wait(120) == 0
        finally:
            restarted.kill()
    finally:
        controller.stop()

    assert Registration.objects.filter(email=EMAIL).count() == 1
    assert handler.accepted == {EMAIL: 1}
    stuck.refresh_from_db()
    assert stuck.status == "SUCCESSFUL"
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.django_db
def test_the_registration_task_run_again_registers_the_person_once(
    django_capture_on_commit_callbacks,
):
    """What a task queued again after its worker died relies on: running
    registrations.tasks.register_for_session twice makes one registration (the second run
    finds it, and sends the personal link again at most once an hour)."""
    from django.core import mail

    from registrations.tasks import register_for_session

    session = SessionFactory()
    for _run in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            register_for_session.call(session_id=session.pk, **details(1, email=EMAIL))
    assert Registration.objects.filter(session=session, email=EMAIL).count() == 1
    assert [message.to for message in mail.outbox] == [[EMAIL], [EMAIL]]  # registered, link
