"""`manage.py run_worker`: the background worker to run beside the web processes.

It is the task backend's worker (Django Tasks' `db_worker` by default; with TASKS_BACKEND=rq,
RQ's `rqworker` with its scheduler, which runs tasks deferred with `run_after` when due)
plus the periodic tasks the apps declare (portal/core/contract.py), which it enqueues at
start-up (this is also how work interrupted by a dead worker resumes) and then every
`--periodic-interval` seconds. Several workers may run side by side, on any hosts: each
periodic task is enqueued once per interval between them (portal/core/periodic.py).

The worker's output stays quiet unless something happens: the periodic tasks' start and
success lines are left out at the default verbosity (`-v 2` shows them).
"""

import logging

from django.conf import settings
from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from portal.core.periodic import (
    PeriodicScheduler,
    QuietPeriodicTasks,
    enqueue_periodic_tasks,
    periodic_task_paths,
)

# The logger of django_tasks' "Task id=… path=… state=…" lines, whatever the backend.
TASKS_LOGGER = "django_tasks"


class Command(DBWorkerCommand):
    help = "Run the task worker and the periodic tasks (publishing, retries, reminders)."

    def add_arguments(self, parser) -> None:
        if settings.TASKS_BACKEND != "rq":  # db_worker's options check the backend
            super().add_arguments(parser)
        parser.add_argument(
            "--periodic-interval",
            type=float,
            default=60.0,
            help="Seconds between two rounds of periodic tasks (default 60).",
        )

    def handle(self, *args, **options) -> None:
        interval = options.pop("periodic_interval")
        if options.get("verbosity", 1) < 2:
            logging.getLogger(TASKS_LOGGER).addFilter(QuietPeriodicTasks(periodic_task_paths()))
        enqueue_periodic_tasks(interval)
        scheduler = PeriodicScheduler(interval)
        scheduler.start()
        try:
            if settings.TASKS_BACKEND == "rq":
                # The Job class of django-tasks-rq runs a Task (rqworker's default would not).
                call_command(
                    "rqworker",
                    *settings.RQ_QUEUES,
                    job_class="django_tasks_rq.backend.Job",
                    # Moves tasks deferred with `run_after` (retries) to the queue when due.
                    with_scheduler=True,
                )
            else:
                super().handle(*args, **options)
        finally:
            scheduler.stop()
