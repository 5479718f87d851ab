"""`manage.py run_worker`: the background worker to run beside the web processes.

It is Django Tasks' `db_worker` plus the periodic tasks of settings.PERIODIC_TASKS, which it
enqueues at start-up (this is also how work interrupted by a dead worker resumes) and then
every `--periodic-interval` seconds.
"""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from portal.periodic import PeriodicScheduler, enqueue_periodic_tasks


class Command(DBWorkerCommand):
    help = "Run the task worker and the periodic tasks (publishing, retries, reminders)."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--periodic-interval",
            type=float,
            default=60.0,
            help="Seconds between two rounds of periodic tasks (default 60).",
        )

    def handle(self, *args, **options) -> None:
        enqueue_periodic_tasks()
        scheduler = PeriodicScheduler(options.pop("periodic_interval"))
        scheduler.start()
        try:
            super().handle(*args, **options)
        finally:
            scheduler.stop()
