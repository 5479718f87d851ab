"""Periodic tasks without cron: `manage.py run_worker` enqueues each task that the apps declare
as `periodic_tasks` (portal/core/contract.py) at start-up and then every `interval` seconds,
beside the task worker. However many workers run, on however many hosts, each task is
enqueued once per interval: a worker first claims the task's run in the database
(`periodic_run_claim`), and only the worker whose claim succeeds enqueues it. Periodic tasks
stay idempotent all the same (a run may overlap the next one)."""

import logging
import threading
from datetime import timedelta

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from portal.core import contract
from portal.core.models import PeriodicTaskRun

logger = logging.getLogger(__name__)


def periodic_run_claim(*, task: str, interval: float) -> bool:
    """Claim this interval's run of `task`: True for one caller per interval across all
    processes and hosts sharing the database. The claim is one conditional UPDATE, which
    the database applies to one caller at a time (PostgreSQL re-checks the condition after
    waiting for the row lock; SQLite writes one at a time)."""
    now = timezone.now()
    if not PeriodicTaskRun.objects.filter(task=task).exists():
        try:
            with transaction.atomic():
                PeriodicTaskRun.objects.create(task=task, next_run_at=now)
        except IntegrityError:
            pass  # another worker created it first
    claimed = PeriodicTaskRun.objects.filter(task=task, next_run_at__lte=now).update(
        last_run_at=now, next_run_at=now + timedelta(seconds=interval)
    )
    return claimed == 1


def periodic_tasks() -> list:
    """Every app's declared periodic tasks (django_tasks Task objects)."""
    return contract.collect("periodic_tasks")


def periodic_task_paths() -> list[str]:
    """Their dotted paths, which name their runs in the database."""
    return [task.module_path for task in periodic_tasks()]


class QuietPeriodicTasks(logging.Filter):
    """Keeps the worker's console quiet unless something happens: drops django_tasks'
    "Task ... state=RUNNING/SUCCESSFUL" lines of the periodic tasks (two lines per task every
    minute, saying only that the clock ticked). Their failures, and every line of other tasks
    (an email sent, an issue delivered), still show."""

    def __init__(self, paths):
        super().__init__()
        self.paths = frozenset(paths)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING or not isinstance(record.args, tuple):
            return True
        return not (len(record.args) >= 2 and record.args[1] in self.paths)


def enqueue_periodic_tasks(interval: float) -> list[str]:
    """Enqueue the periodic tasks whose run this worker claims; returns their paths."""
    enqueued = []
    for task in periodic_tasks():
        path = task.module_path
        try:
            if periodic_run_claim(task=path, interval=interval):
                task.enqueue()
                enqueued.append(path)
        except Exception:
            logger.exception("Could not enqueue periodic task %s", path)
    return enqueued


class PeriodicScheduler(threading.Thread):
    def __init__(self, interval: float):
        super().__init__(name="periodic-scheduler", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            close_old_connections()
            enqueue_periodic_tasks(self.interval)
            close_old_connections()

    def stop(self) -> None:
        self.stopped.set()
