"""A newsletter send with real worker processes (`run_worker`) and a real SMTP server:
killed mid-send and restarted, and shared by two workers."""

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

from newsletter import services
from newsletter.models import Delivery
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory
from tests.newsletter.smtp import free_port
from tests.processes import database_url


class CountingHandler:
    """SMTP sink counting messages per recipient; it holds the reply to one message so that
    the test can kill the worker while that message is in flight."""

    def __init__(self, hold_at: int):
        self.received = Counter()
        self.total = 0
        self.hold_at = hold_at
        self.holding = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        for rcpt in envelope.rcpt_tos:
            self.received[rcpt] += 1
        self.total += 1
        if self.total == self.hold_at:
            self.holding.set()
            await asyncio.sleep(10)
        return "250 OK"


def start_worker(port: int, connections: int = 1) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "TEST_WORKER_SUBPROCESS": "1",
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "NEWSLETTER_BATCH_SIZE": "5",
        "NEWSLETTER_SEND_LEASE_SECONDS": "1",
        "NEWSLETTER_SMTP_CONNECTIONS": str(connections),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0.1",
            "--periodic-interval",  # a restart a second later resumes the send at once
            "1",
            "-v",
            "0",
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("connections", [1, 2], ids=["one-connection", "two-connections"])
def test_a_killed_and_restarted_send_delivers_exactly_once_to_each_subscriber(connections):
    issue = IssueFactory()
    ArticleFactory(issue=issue)
    emails = [s.email for s in SubscriberFactory.create_batch(20)]
    with mock.patch("newsletter.services.sending.enqueue_sending"):  # the worker picks it up itself
        services.issue_send(issue=issue)

    handler = CountingHandler(hold_at=8)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        worker = start_worker(port, connections)
        assert handler.holding.wait(60), "the worker never reached the 8th message"
        time.sleep(0.5)  # another connection's thread finishes its part of the batch
        worker.kill()  # SIGKILL: no clean-up, like a crashed machine
        worker.wait(10)
        # Every message the server took, but the one it holds, is marked sent.
        assert Delivery.objects.filter(status="sent").count() == handler.total - 1

        time.sleep(1.5)  # let the dead worker's lease expire
        restarted = start_worker(port, connections)
        assert restarted.wait(120) == 0
    finally:
        controller.stop()

    assert sorted(handler.received) == sorted(emails)
    assert set(handler.received.values()) == {1}, handler.received
    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    assert statuses == {"sent": 19, "unknown": 1}


class SlowHandler:
    """An SMTP sink that takes its time over each message, so that a second worker starts
    while the first is still sending."""

    def __init__(self):
        self.received = Counter()

    async def handle_DATA(self, server, session, envelope):
        for rcpt in envelope.rcpt_tos:
            self.received[rcpt] += 1
        await asyncio.sleep(0.1)
        return "250 OK"


@pytest.mark.django_db(transaction=True)
def test_a_send_is_queued_for_two_workers_who_share_it_exactly_once(settings):
    """NEWSLETTER_SEND_TASKS (2): starting a send queues two tasks; two workers take one each,
    both send part of it, and every subscriber gets the issue once."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    issue = IssueFactory()
    ArticleFactory(issue=issue)
    emails = [s.email for s in SubscriberFactory.create_batch(40)]
    services.issue_send(issue=issue)  # committed: the two tasks are queued
    queued = DBTaskResult.objects.filter(task_path__endswith="send_issue_deliveries")
    assert queued.count() == 2

    handler = SlowHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        workers = [start_worker(port) for _ in range(2)]
        assert [worker.wait(120) for worker in workers] == [0, 0]
    finally:
        controller.stop()

    assert sorted(handler.received) == sorted(emails)
    assert set(handler.received.values()) == {1}, handler.received
    sent_by_each = [result.return_value["sent"] for result in queued.order_by("pk")]
    assert sum(sent_by_each) == 40
    assert all(sent > 0 for sent in sent_by_each), sent_by_each
