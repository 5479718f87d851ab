"""TASKS_BACKEND=rq: tasks go through Redis and `run_worker` runs them with RQ."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from portal.core.periodic import periodic_task_paths

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
        while time.monotonic() < deadline and finished < len(periodic_task_paths()):
            time.sleep(0.5)
            finished = connection.zcard("rq:finished:default")
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a warm shutdown slowed by a busy machine
            worker.kill()
            worker.wait()
    failed = connection.zcard("rq:failed:default")
    connection.flushdb()
    assert failed == 0
    assert finished >= len(periodic_task_paths())


SETUP_ISSUE = """
from newsletter import services
from tests.newsletter.factories import ArticleFactory, IssueFactory, SubscriberFactory
issue = IssueFactory()
ArticleFactory(issue=issue)
SubscriberFactory(email="reader@example.org")
services.issue_send(issue=issue)  # queued in Redis at once (autocommit)
"""


def test_a_deferred_retry_runs_through_rq(tmp_path, settings):
    """The SMTP server answers 451 to the first attempt: the retry is deferred (run_after)
    in Redis, and the worker's RQ scheduler runs it when due, with no periodic round."""
    import sqlite3

    import redis

    from tests.newsletter.smtp import ScriptedHandler, smtp_server

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    handler = ScriptedHandler(data={"reader@example.org": ["451 4.3.0 Try again later"]})
    database = tmp_path / "rq.sqlite3"
    with smtp_server(settings, handler):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{database}",
            "REDIS_URL": REDIS_URL,
            "TASKS_BACKEND": "rq",
            "EMAIL_URL": f"smtp://127.0.0.1:{settings.EMAIL_PORT}",
            "NEWSLETTER_RETRY_SECONDS": "1",  # first retry after 2 s
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "shell", "-c", SETUP_ISSUE], cwd=ROOT, env=env, check=True)
        # No periodic round after start-up: only the deferred task can send the retry.
        worker = subprocess.Popen(
            [*manage, "run_worker", "--periodic-interval", "600"], cwd=ROOT, env=env
        )
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and not handler.messages:
                time.sleep(0.5)
            time.sleep(1)  # let the worker record the outcome
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a warm shutdown slowed by a busy machine
                worker.kill()
                worker.wait()
    connection.flushdb()
    with sqlite3.connect(database) as db:
        status, attempts = db.execute("SELECT status, attempts FROM newsletter_delivery").fetchone()
    assert handler.attempts["reader@example.org"] == 2
    assert [rcpts for rcpts, _data in handler.messages] == [["reader@example.org"]]
    assert (status, attempts) == ("sent", 2)
