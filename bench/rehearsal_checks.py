"""The checks of bench/scale_rehearsal.py (1 to 4: visibility across instances, periodic
runs, a send shared by two workers, instance A and worker 1 killed under load), and the data
they prepare and read through Django in this process (subscribers, the send, registrations,
RQ's queue)."""

import itertools
import re
import threading
import time
from collections import Counter

from rehearsal_stack import Registrant, Sink, rate, request, wait_until

PERIODIC_TASK = "newsletter.tasks.resume_interrupted_sending"


# -- the data, through Django in this process ---------------------------------------------


def prepare_data(subscribers: int) -> dict:
    from datetime import timedelta

    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone, translation

    from events.models import Event, Session

    call_command("flush", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    event = Event.objects.create(
        title_en="Rehearsal day",
        title_fr="Journée de répétition",
        slug_en="rehearsal-day",
        slug_fr="journee-de-repetition",
        kind="info-session",
        is_published=True,
    )
    start = timezone.now() + timedelta(days=30)
    session = Session.objects.create(
        event=event, city_en="Brussels", starts_at=start, capacity=100_000
    )
    with translation.override("en"):
        urls = {
            "event": event.get_absolute_url(),
            "register": reverse("registrations:register", kwargs={"session_id": session.pk}),
            "home": "/en/",
        }
    add_subscribers(subscribers)
    return {"session_id": session.pk, **urls}


def add_subscribers(n: int) -> None:
    from django.utils import timezone

    from newsletter.models import Subscriber

    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"reader{i}@example.org",
                language="fr" if i % 2 else "en",
                status=Subscriber.Status.CONFIRMED,
                consent_at=now,
                confirmed_at=now,
            )
            for i in range(n)
        ],
        batch_size=2000,
    )


def start_send() -> int:
    """Send issue 1 again from scratch, as staff start a send: it is queued as
    NEWSLETTER_SEND_TASKS (2) tasks, so both workers take one and share the rows (SKIP
    LOCKED claims)."""
    from newsletter import services
    from newsletter.models import Delivery, Issue

    issue = Issue.objects.get(number=1)
    Delivery.objects.filter(issue=issue).delete()
    Issue.objects.filter(pk=issue.pk).update(send_started_at=None)
    issue.refresh_from_db()
    services.issue_send(issue=issue)
    return issue.pk


def delivery_statuses(issue_id: int) -> Counter:
    from newsletter.models import Delivery

    return Counter(Delivery.objects.filter(issue_id=issue_id).values_list("status", flat=True))


def registered(session_id: int, emails: set[str]) -> set[str]:
    from registrations.models import Registration

    found = Registration.objects.filter(session_id=session_id, email__in=list(emails))
    return set(found.values_list("email", flat=True))


def written_at(email: str) -> float:
    """When the worker saved the registration (a Unix time)."""
    from registrations.models import Registration

    return Registration.objects.get(email=email).created_at.timestamp()


def running_jobs() -> list[str]:
    """The tasks the workers are running now, by worker."""
    import django_rq
    from rq import Worker

    connection = django_rq.get_queue("default").connection
    return [
        f"{worker.name[-6:]}: {job.func_name.rsplit('.', 1)[-1]}"
        for worker in Worker.all(connection=connection)
        if (job := worker.get_current_job()) is not None
    ]


def rq_jobs(func_name: str) -> list:
    """Every job of `func_name` RQ still knows of (queued, running, finished, failed)."""
    return [j for j in all_rq_jobs() if j.func_name == func_name]


def all_rq_jobs() -> list:
    import django_rq
    from rq.job import Job

    queue = django_rq.get_queue("default")
    ids = set(queue.get_job_ids())
    for registry in (
        queue.started_job_registry,
        queue.finished_job_registry,
        queue.failed_job_registry,
        queue.scheduled_job_registry,
    ):
        ids.update(registry.get_job_ids())
    return [j for j in Job.fetch_many(list(ids), connection=queue.connection) if j is not None]


def queue_idle() -> bool:
    import django_rq

    queue = django_rq.get_queue("default")
    return queue.count == 0 and queue.started_job_registry.count == 0


def queue_state() -> str:
    """Jobs waiting, running (with the seconds until their heartbeat expires) and failed."""
    import django_rq

    queue = django_rq.get_queue("default")
    started = queue.connection.zrange(queue.started_job_registry.key, 0, -1, withscores=True)
    expiries = ", ".join(f"{score - time.time():.0f} s" for _key, score in started)
    failed = len(queue.failed_job_registry.get_job_ids(cleanup=False))
    return f"{queue.count} queued, {len(started)} running ({expiries}), {failed} failed"


def failed_abandoned(job) -> bool:
    """Failed by RQ's clean-up because its worker stopped its heartbeat."""
    result = job.latest_result()
    return bool(result and "AbandonedJobError" in (result.exc_string or ""))


def queue_busy() -> int:
    """Jobs queued or running, and those a dead worker was running until they have been
    queued again: still in the started registry (listed without RQ's clean-up), or failed
    by that clean-up as abandoned and not queued again yet."""
    import django_rq
    from rq.job import Job

    queue = django_rq.get_queue("default")
    failed = Job.fetch_many(
        queue.failed_job_registry.get_job_ids(cleanup=False), connection=queue.connection
    )
    abandoned = [
        job
        for job in failed
        if job is not None and not job.meta.get("abandoned_requeues") and failed_abandoned(job)
    ]
    running = queue.started_job_registry.get_job_ids(cleanup=False)
    return queue.count + len(running) + len(abandoned)


# -- the rehearsal -----------------------------------------------------------------------


def places_left(text: str) -> int | None:
    match = re.search(r"([\d,\u202f\xa0 ]+) places? left of", text)
    return int(re.sub(r"\D", "", match.group(1))) if match else None


def visibility(ports: dict, urls: dict) -> dict:
    """Register through A; poll B's cached event page until it shows one place fewer."""
    path = urls["event"]
    for _ in range(3):
        request(ports["B"], "GET", path)
    _status, text, headers = request(ports["B"], "GET", path)
    before = places_left(text)
    cached_before = headers.get("X-Page-Cache", "-")
    started, wall = time.monotonic(), time.time()
    code, _ = Registrant(ports["A"], urls["register"], "127.0.0.2").register("visible@example.org")
    answered = time.monotonic() - started
    seen, polls, cache_state = None, 0, "-"
    while time.monotonic() - started < 30:
        _status, text, headers = request(ports["B"], "GET", path)
        polls += 1
        if places_left(text) is not None and before is not None and places_left(text) < before:
            seen = time.monotonic() - started
            cache_state = headers.get("X-Page-Cache", "-")
            break
        time.sleep(0.02)
    _status, text, headers = request(ports["B"], "GET", path)
    return {
        "post": code,
        "written_ms": (written_at("visible@example.org") - wall) * 1000,
        "answered_ms": answered * 1000,
        "visible_ms": seen * 1000 if seen is not None else None,
        "cached_before": cached_before,
        "first_seen": cache_state,
        "next": headers.get("X-Page-Cache", "-"),
        "polls": polls,
    }


def run_send(sink: Sink, n: int, timeout: float) -> dict:
    sink.reset()
    started = time.monotonic()
    issue_id = start_send()
    done = wait_until(lambda: sink.total() >= n and queue_idle(), timeout, 0.2)
    elapsed = time.monotonic() - started
    per_worker, spans = [], []
    for job in rq_jobs("newsletter.tasks.send_issue_deliveries"):
        value = job.return_value() if job.started_at and job.ended_at else None
        if isinstance(value, dict) and value.get("sent"):
            seconds = (job.ended_at - job.started_at).total_seconds()
            per_worker.append((job.worker_name, value["sent"], value["sent"] / seconds))
            spans.append((job.started_at, job.ended_at))
    # Both workers: from the first sender's start to the last one's end (the wall time
    # would count the tasks queued before the send, which the workers run first).
    both = (
        sum(sent for _name, sent, _rate in per_worker)
        / (max(end for _s, end in spans) - min(start for start, _e in spans)).total_seconds()
        if spans
        else 0.0
    )
    counts = sink.received
    return {
        "done": done,
        "seconds": elapsed,
        "rate": both,
        "wall_rate": sum(counts.values()) / elapsed,
        "duplicates": sum(1 for c in counts.values() if c > 1),
        "missing": sum(1 for i in range(n) if counts[f"reader{i}@example.org"] == 0),
        "statuses": delivery_statuses(issue_id),
        "per_worker": per_worker,
    }


def kill_rehearsal(stack, sink, ports, urls, session_id, n, load_seconds, threads, settle):
    """Registrations through the proxy during a send shared by both workers; instance A and
    worker 1 are killed (SIGKILL to the whole group, as a host dies) once the load has run a
    while and the send is under way."""
    sink.reset()
    for job in rq_jobs("newsletter.tasks.send_issue_deliveries"):
        job.delete()  # the next figures are this send's
    outcomes: list[tuple[str, int, str]] = []
    lock = threading.Lock()
    registrants = [
        Registrant(ports["proxy"], urls["register"], f"127.0.2.{t + 1}") for t in range(threads)
    ]

    def work(thread, k):
        email = f"load-{thread}-{k}@example.org"
        try:
            code, text = registrants[thread].register(email)
        except OSError as exc:
            code, text = 0, str(exc)
        with lock:
            outcomes.append((email, code, text))
        return code in (302, 303)

    killed = {}

    def killer():
        started = time.monotonic()
        wait_until(lambda: sink.total() >= n * 0.3, load_seconds / 2, 0.02)
        time.sleep(max(0.0, load_seconds / 4 - (time.monotonic() - started)))
        killed["sent_before"] = sink.total()
        killed["running"] = running_jobs()
        stack.kill("web-A")
        stack.kill("worker-1")

    issue_id = start_send()
    threading.Thread(target=killer, daemon=True).start()
    rate(load_seconds, threads, work)
    # The survivors finish: worker 2 drains the queue; the dead worker's claimed rows come
    # back after NEWSLETTER_SEND_LEASE_SECONDS through the periodic resume task, and its
    # running job once its heartbeat has expired (requeue_abandoned_tasks).
    succeeded = {email for email, code, _ in outcomes if code in (302, 303)}

    def settled():
        statuses = delivery_statuses(issue_id)
        return (
            statuses["pending"] + statuses["sending"] == 0
            and queue_busy() == 0
            and registered(session_id, succeeded) == succeeded
        )

    settled_in = time.monotonic()
    finished = wait_until(settled, settle, 1)
    settled_in = time.monotonic() - settled_in
    found = registered(session_id, succeeded)
    failed = [(code, text) for _email, code, text in outcomes if code not in (302, 303)]
    by_proxy = [f for f in failed if f[0] in (502, 503, 504) and "nginx" in f[1]]
    statuses = delivery_statuses(issue_id)
    counts = sink.received
    return {
        "posts": len(outcomes),
        "succeeded": len(succeeded),
        "lost": len(succeeded - found),
        "failed": len(failed),
        "failed_by_proxy": len(by_proxy),
        "failed_codes": Counter(code for code, _ in failed),
        "sent_before_kill": killed.get("sent_before"),
        "running_at_kill": killed.get("running", []),
        "duplicates": sum(1 for c in counts.values() if c > 1),
        "missing": sum(1 for i in range(n) if counts[f"reader{i}@example.org"] == 0),
        "unknown": statuses["unknown"],
        "statuses": statuses,
        "settled_seconds": settled_in,
        "finished": finished,
        "left": queue_state(),
        "requeue_log": [
            line for line in stack.log("worker-2", 200_000).splitlines() if "queued again" in line
        ],
        "requeued_jobs": Counter(
            job.func_name.rsplit(".", 1)[-1]
            for job in all_rq_jobs()
            if job.meta.get("abandoned_requeues")
        ),
    }


def periodic_runs(interval: float) -> dict:
    jobs = sorted(rq_jobs(PERIODIC_TASK), key=lambda j: j.enqueued_at)
    times = [j.enqueued_at.timestamp() for j in jobs]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    window = times[-1] - times[0] if times else 0
    return {
        "runs": len(times),
        "expected": int(window // interval) + 1 if times else 0,
        "duplicates": sum(1 for gap in gaps if gap < interval / 2),
        "min_gap": min(gaps) if gaps else None,
        "max_gap": max(gaps) if gaps else None,
        "missed": sum(1 for gap in gaps if gap >= 2 * interval),
        "kept": Counter(job.func_name.rsplit(".", 1)[-1] for job in all_rq_jobs()),
    }
