"""Background-task results quote what a task was given and what went wrong: arguments,
return values, tracebacks (an SMTP server refusing `<someone@example.org>`). An erasure
removes those quoting the person (portal/privacy.py); the periodic task
`portal.tasks.prune_task_results` removes every finished one after
TASK_RESULTS_RETENTION_DAYS.

Where they live depends on TASKS_BACKEND: rows of django-tasks-db ("database"), or RQ's
jobs and registries in Redis ("rq"). A running task is left alone: it finishes, and the next
erasure or prune takes it.
"""

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.job import Job

logger = logging.getLogger(__name__)

RQ_LABEL = "rq.job"  # how RQ's jobs appear in an export and in erasure counts


def database_results() -> models.QuerySet:
    """The django-tasks-db rows an erasure may remove: all but those running."""
    return DBTaskResult.objects.exclude(status=TaskResultStatus.RUNNING)


# -- RQ -----------------------------------------------------------------------------------------
def _uses_rq() -> bool:
    return settings.TASKS_BACKEND == "rq"


def _redis() -> Redis:
    return Redis.from_url(settings.REDIS_URL)


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
    """Delete finished task results older than TASK_RESULTS_RETENTION_DAYS; how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.TASK_RESULTS_RETENTION_DAYS)
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
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
