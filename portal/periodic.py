"""Periodic tasks without cron: `manage.py run_worker` enqueues each task in
settings.PERIODIC_TASKS at start-up and then every `interval` seconds, beside the task
worker. Every periodic task must be idempotent: with several workers it may run twice."""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def enqueue_periodic_tasks() -> None:
    for path in settings.PERIODIC_TASKS:
        try:
            import_string(path).enqueue()
        except Exception:
            logger.exception("Could not enqueue periodic task %s", path)


class PeriodicScheduler(threading.Thread):
    def __init__(self, interval: float):
        super().__init__(name="periodic-scheduler", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            close_old_connections()
            enqueue_periodic_tasks()
            close_old_connections()

    def stop(self) -> None:
        self.stopped.set()
