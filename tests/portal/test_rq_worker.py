"""TASKS_BACKEND=rq: tasks go through Redis and `run_worker` runs them with RQ."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
REDIS_URL = "redis://127.0.0.1:6379/11"


def test_run_worker_runs_periodic_tasks_through_rq(tmp_path):
    """A real worker process with the RQ backend: the periodic tasks it enqueues at start
    go through Redis and finish (their results are kept in Redis)."""
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path}/rq.sqlite3",
        "REDIS_URL": REDIS_URL,
        "TASKS_BACKEND": "rq",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    worker = subprocess.Popen([*manage, "run_worker"], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        finished = 0
        while time.monotonic() < deadline and finished < len(settings.PERIODIC_TASKS):
            time.sleep(0.5)
            finished = connection.zcard("rq:finished:default")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    failed = connection.zcard("rq:failed:default")
    connection.flushdb()
    assert failed == 0
    assert finished >= len(settings.PERIODIC_TASKS)
