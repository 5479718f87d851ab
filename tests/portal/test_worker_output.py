"""The worker stays quiet unless something happens: no lines for the periodic tasks'
routine runs, which would otherwise scroll past every minute in `make run`."""

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from portal.core.periodic import QuietPeriodicTasks, periodic_task_paths
from tests.processes import database_url


@pytest.mark.django_db(transaction=True)
def test_worker_prints_nothing_while_periodic_tasks_run_uneventfully(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "TEST_WORKER_SUBPROCESS": "1",
        "DATABASE_URL": database_url(),
        # Its own private files: what other tests (or earlier runs) left behind would be
        # swept, and rightly said so.
        "TEST_PRIVATE_ROOT": str(tmp_path / "private"),
    }
    output = tmp_path / "worker.log"
    with output.open("w") as log:
        worker = subprocess.Popen(
            [
                *(sys.executable, "manage.py", "run_worker", "--periodic-interval", "1"),
                *("--no-startup-delay", "--no-reload", "--interval", "0.2"),
            ],
            cwd=Path(settings.BASE_DIR),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            # Every periodic task ran at least twice (start-up, then a tick).
            paths = periodic_task_paths()
            deadline = time.monotonic() + 90
            while DBTaskResult.objects.filter(status="SUCCESSFUL").count() < 2 * len(paths):
                assert time.monotonic() < deadline, output.read_text()
                time.sleep(0.2)
            time.sleep(0.5)  # lines still buffered
            printed = output.read_text()
        finally:
            worker.terminate()
            worker.wait(30)
    lines = [line for line in printed.splitlines() if line.strip()]
    assert [line for line in lines if not line.startswith("Starting worker")] == [], lines


def record(path: str, level: int = logging.INFO) -> logging.LogRecord:
    args = ("an-id", path, "SUCCESSFUL")
    return logging.LogRecord(
        "django_tasks", level, __file__, 1, "Task id=%s path=%s state=%s", args, None
    )


def test_failures_of_periodic_tasks_and_lines_of_other_tasks_still_show():
    quiet = QuietPeriodicTasks(["portal.core.tasks.publish_scheduled"])
    assert not quiet.filter(record("portal.core.tasks.publish_scheduled"))
    assert quiet.filter(record("portal.core.tasks.publish_scheduled", logging.ERROR))
    assert quiet.filter(record("newsletter.tasks.send_issue"))
