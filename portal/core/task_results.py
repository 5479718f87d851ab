"""Background-task results quote what a task was given and what went wrong: arguments,
return values, tracebacks (an SMTP server refusing `<someone@example.org>`). An erasure
removes those quoting the person (portal/core/privacy.py); the periodic task
`portal.core.tasks.prune_task_results` removes every finished one after
TASK_RESULTS_RETENTION_DAYS.

Where they live depends on TASKS_BACKEND: rows of django-tasks-db ("database"), or RQ's
jobs and registries in Redis ("rq"). A running task is left alone: it finishes, and the next
erasure or prune takes it. A django-tasks-db row still RUNNING after
TASK_RUNNING_LEASE_SECONDS is one whose worker died (kill -9, a crashed host): its worker
never marks it finished, so erasure and prune take it too, and the periodic task
`portal.core.tasks.requeue_abandoned_tasks` puts it back in the queue (`abandoned_tasks_requeue`).
With RQ, a job whose worker stopped its heartbeat is queued again the same way.
"""

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.exceptions import InvalidJobOperation
from rq.job import Job

logger = logging.getLogger(__name__)

RQ_LABEL = "rq.job"  # how RQ's jobs appear in an export and in erasure counts


def _lease_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(seconds=settings.TASK_RUNNING_LEASE_SECONDS)


def abandoned_running_results(*, now: datetime | None = None) -> models.QuerySet:
    """django-tasks-db rows RUNNING for longer than the lease: their worker died."""
    return DBTaskResult.objects.running().filter(started_at__lt=_lease_cutoff(now))


def database_results() -> models.QuerySet:
    """The django-tasks-db rows an erasure may remove: all but those running (a row running
    for longer than the lease is abandoned, and is taken too)."""
    running = Q(status=TaskResultStatus.RUNNING) & (
        Q(started_at__isnull=True) | Q(started_at__gte=_lease_cutoff())
    )
    return DBTaskResult.objects.exclude(running)


def abandoned_tasks_requeue(*, now: datetime | None = None) -> list[str]:
    """Put the tasks abandoned by a dead worker back in the queue; their ids.

    django-tasks-db's worker claims a READY row (RUNNING, started_at, its id appended to
    worker_ids) and marks it SUCCESSFUL or FAILED when the task returns; a worker killed in
    between leaves it RUNNING for ever. Such a row goes back to READY, as it was before the
    claim (worker_ids keeps the dead worker's id), for any worker to claim again; the
    conditional UPDATE leaves it alone if a worker finished it meanwhile. The task then runs
    a second time from the start: ours are written for that (registrations.tasks,
    newsletter.tasks). A task still alive after the lease would run twice at once, so the
    lease must exceed the longest task. With TASKS_BACKEND=rq, the jobs a dead worker was
    running are queued again too (`_rq_abandoned_requeue`).
    """
    requeued = _rq_abandoned_requeue(now or timezone.now()) if _uses_rq() else []
    for row in abandoned_running_results(now=now).only("id", "task_path", "started_at"):
        claimed = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        ).update(status=TaskResultStatus.READY, started_at=None)
        if claimed:
            # No arguments in the log: they quote the person (an address, a name).
            logger.warning(
                "Task %s (%s) was still running %s after it started: its worker died; queued again",
                row.pk,
                row.task_path,
                timezone.now() - row.started_at,
            )
            requeued.append(str(row.pk))
    return requeued


# -- RQ -----------------------------------------------------------------------------------------
def _uses_rq() -> bool:
    return settings.TASKS_BACKEND == "rq"


def _redis() -> Redis:
    return Redis.from_url(settings.REDIS_URL)


# RQ's words for a job whose worker stopped its heartbeat (rq.registry.StartedJobRegistry).
ABANDONED = "AbandonedJobError"
# A job that kills its worker each time (out of memory) is not queued again for ever.
MAX_ABANDONED_REQUEUES = 3


def _rq_abandoned_requeue(now: datetime) -> list[str]:
    """Queue again the RQ jobs whose worker died while running them; their ids.

    RQ's worker refreshes its running job's expiry in the StartedJobRegistry (its heartbeat,
    every 30 s, for 90 s). A job past its expiry was abandoned: RQ's own clean-up (every ten
    minutes in a worker, or whenever the registry is listed) moves it to the FailedJobRegistry
    and never runs it again, so a registration queued by a visitor, answered with success,
    would be lost with the worker. Here the clean-up is run now, and the jobs it failed as
    abandoned are queued again (at most MAX_ABANDONED_REQUEUES times each); our tasks are
    written to run twice (see `abandoned_tasks_requeue`).
    """
    from django_tasks_rq.backend import Job as TaskJob  # its failure callback needs it

    connection = _redis()
    requeued = []
    for queue in Queue.all(connection=connection, job_class=TaskJob):
        queue.started_job_registry.cleanup(timestamp=now.timestamp())
        failed = queue.failed_job_registry
        ids = failed.get_job_ids(cleanup=False)
        for job in TaskJob.fetch_many(ids, connection=connection):
            if job is None or not _abandoned(job):
                continue
            times = job.meta.get("abandoned_requeues", 0)
            if times >= MAX_ABANDONED_REQUEUES:
                continue
            job.meta["abandoned_requeues"] = times + 1
            job.save_meta()
            try:
                failed.requeue(job)
            except InvalidJobOperation:
                continue  # another run (or RQ's own clean-up) moved it first

            # No arguments in the log: they quote the person (an address, a name).
            logger.warning(
                "Task %s (%s) was running when its worker died; queued again", job.id, job.func_name
            )
            requeued.append(job.id)
    return requeued


def _abandoned(job: Job) -> bool:
    result = job.latest_result()
    return bool(result and ABANDONED in (result.exc_string or ""))


def _finished_or_waiting_jobs(connection: Redis) -> Iterator[Job]:
    """Every job RQ keeps, but those running."""
    for queue in Queue.all(connection=connection):
        ids = set(queue.get_job_ids())
        for registry in (
            queue.finished_job_registry,
            queue.failed_job_registry,
            queue.deferred_job_registry,
            queue.scheduled_job_registry,
            queue.canceled_job_registry,
        ):
            ids |= set(registry.get_job_ids())
        for job in Job.fetch_many(sorted(ids), connection=connection):
            if job is not None:
                yield job


def _job_data(job: Job) -> dict:
    result = job.latest_result()
    return {
        "id": job.id,
        "task": job.func_name,
        "args": repr(job.args),
        "kwargs": repr(job.kwargs),
        "status": str(job.get_status(refresh=False)),
        "ended_at": job.ended_at,
        "return_value": repr(result.return_value) if result and result.return_value else "",
        "traceback": (result.exc_string or "") if result else "",
    }


def rq_jobs_quoting(terms: tuple[str, ...]) -> list[dict]:
    """RQ's jobs whose arguments, return value or traceback quote one of `terms`."""
    if not _uses_rq():
        return []
    lowered = [term.lower() for term in terms]
    found = []
    try:
        for job in _finished_or_waiting_jobs(_redis()):
            data = _job_data(job)
            text = " ".join(str(value) for value in data.values()).lower()
            if any(term in text for term in lowered):
                found.append(data)
    except RedisError:
        # The database part of an erasure must not wait for Redis; the prune removes these
        # jobs within TASK_RESULTS_RETENTION_DAYS anyway.
        logger.exception("Redis unreachable: RQ job results were not searched")
        return []
    return found


def _delete_jobs(ids: list[str]) -> None:
    connection = _redis()
    for job in Job.fetch_many(ids, connection=connection):
        if job is not None:
            job.delete()


def rq_jobs_delete_after_commit(jobs: list[dict]) -> int:
    """Redis is not rolled back with the database: delete once the erasure has committed."""
    ids = [job["id"] for job in jobs]
    if ids:
        transaction.on_commit(lambda: _delete_jobs(ids))
    return len(ids)


# -- retention ----------------------------------------------------------------------------------
def task_results_prune(*, now: datetime | None = None) -> int:
    """Delete finished task results older than TASK_RESULTS_RETENTION_DAYS, and those
    abandoned RUNNING (older than the lease) that started before then; how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.TASK_RESULTS_RETENTION_DAYS)
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    abandoned, _by_model = abandoned_running_results(now=now).filter(started_at__lt=cutoff).delete()
    deleted += abandoned
    if _uses_rq():
        connection = _redis()
        for queue in Queue.all(connection=connection):
            registries = (queue.finished_job_registry, queue.failed_job_registry)
            ids = sorted({i for registry in registries for i in registry.get_job_ids()})
            for job in Job.fetch_many(ids, connection=connection):
                if job is not None and job.ended_at and job.ended_at < cutoff:
                    job.delete()
                    deleted += 1
    return deleted
