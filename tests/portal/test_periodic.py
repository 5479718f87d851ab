"""Periodic tasks run once per interval, however many workers run them."""

import itertools
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django_tasks_db.models import DBTaskResult

from portal.core.models import PeriodicTaskRun
from portal.core.periodic import periodic_run_claim, periodic_task_paths
from tests.processes import database_url

INTERVAL = 1.0


def start_worker() -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "TEST_WORKER_SUBPROCESS": "1",
        "DATABASE_URL": database_url(),
    }
    return subprocess.Popen(
        [
            *(sys.executable, "manage.py", "run_worker", "--periodic-interval", str(INTERVAL)),
            *("--no-startup-delay", "--no-reload", "--interval", "0.2", "-v", "0"),
        ],
        cwd=Path(settings.BASE_DIR),
        env=env,
    )


@pytest.mark.django_db(transaction=True)
def test_two_workers_enqueue_each_periodic_task_once_per_interval():
    """Two real `run_worker` processes on one database, ticking every second: each
    periodic task is enqueued at most once a second between them (before, each worker
    enqueued every task at start-up and at each of its own ticks)."""
    workers = [start_worker(), start_worker()]
    try:
        deadline = time.monotonic() + 90
        path = periodic_task_paths()[0]
        # Both workers up (each ticks), then several intervals more.
        while time.monotonic() < deadline:
            if DBTaskResult.objects.filter(task_path=path).count() >= 6:
                break
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)

    runs = defaultdict(list)
    for task_path, at in DBTaskResult.objects.order_by("enqueued_at").values_list(
        "task_path", "enqueued_at"
    ):
        runs[task_path].append(at)
    assert set(runs) == set(periodic_task_paths())
    for task_path, times in runs.items():
        assert len(times) >= 5, task_path
        gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times)]
        assert min(gaps) >= INTERVAL * 0.9, (task_path, gaps)


@pytest.mark.django_db(transaction=True)
def test_one_claim_wins_among_threads_on_separate_connections():
    """Eight threads, each with its own database connection, claim the same run at once."""
    barrier = threading.Barrier(8)
    wins = []

    def claim():
        try:
            barrier.wait()
            wins.append(periodic_run_claim(task="portal.core.tasks.publish_scheduled", interval=60))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == [False] * 7 + [True]
    assert PeriodicTaskRun.objects.get().last_run_at is not None


@pytest.mark.django_db
def test_a_run_is_claimed_again_once_the_interval_has_passed():
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    task = "portal.core.tasks.publish_scheduled"
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert periodic_run_claim(task=task, interval=60)
        assert not periodic_run_claim(task=task, interval=60)
        traveller.shift(timedelta(seconds=59))
        assert not periodic_run_claim(task=task, interval=60)
        traveller.shift(timedelta(seconds=1))
        assert periodic_run_claim(task=task, interval=60)
