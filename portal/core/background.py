"""Queue a task; when the queue cannot be reached, do the work in the request instead.

With TASKS_BACKEND=rq the queue lives in Redis. A visitor's form must still work while
Redis is down, and the record it was about must not be lost, so a task that cannot be
queued runs at once, in the request, and the failure is logged. (With the database queue,
a queue that cannot be reached means the database is down, and nothing else works either.)
"""

import logging

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def enqueue(task, **kwargs) -> None:
    """`task.enqueue(**kwargs)`, or `task.call(**kwargs)` when the queue is unreachable."""
    try:
        task.enqueue(**kwargs)
    except RedisError:
        logger.warning("Task queue unreachable: running %s in the request instead", task.name)
        task.call(**kwargs)
