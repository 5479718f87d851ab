"""Erasure and retention, one behaviour each (the whole life erased is test_erasure.py), and
task results kept by RQ in Redis."""

import contextlib
import io
import json
import zlib
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.core import privacy, task_results
from portal.core.models import PersonalDataRequest
from portal.core.periodic import periodic_task_paths
from registrations import services
from registrations.models import Interest, Registration
from tests.events.factories import SessionFactory
from tests.processes import free_port
from tests.registrations.factories import details

pytestmark = pytest.mark.django_db
EMAIL = "Zenobia.Quillfeather@example.org"
NAME = "Zenobia Quillfeather"
Status = Registration.Status


# -- the parts, one behaviour each ----------------------------------------------------------
def test_erasing_cancels_through_the_service_and_offers_the_place_to_the_next(
    django_capture_on_commit_callbacks,
):
    session = SessionFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        hers = services.registration_create(session=session, **details(1, email=EMAIL))
        nxt = services.registration_create(session=session, **details(2))
    old_token = hers.token
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_for_email(EMAIL)
    hers.refresh_from_db()
    nxt.refresh_from_db()
    session.refresh_from_db()
    assert hers.status == Status.CANCELLED and hers.cancelled_at is not None
    assert nxt.status == Status.OFFERED
    assert session.places_taken == 1  # her place, now offered to the next
    assert [m.to for m in mail.outbox] == [["person2@example.org"]]
    assert hers.token != old_token and not hers.token.startswith("erased")
    assert len(hers.token) >= 40


def test_anonymised_rows_get_fresh_random_tokens_also_on_retention(settings):
    past = SessionFactory(past=True)
    rows = [services.registration_create(session=SessionFactory(), **details(n)) for n in (1, 2)]
    Registration.objects.filter(pk__in=[r.pk for r in rows]).update(session=past)
    settings.PERSONAL_DATA_RETENTION_DAYS = {
        **settings.PERSONAL_DATA_RETENTION_DAYS, "event_registrations": 1,
    }  # fmt: skip
    privacy.retention_purge(dry_run=False)
    tokens = set(Registration.objects.values_list("token", flat=True))
    assert len(tokens) == 2
    assert not any(token.startswith("erased") for token in tokens)


def test_guessable_tokens_of_earlier_erasures_are_replaced_by_a_migration():
    from importlib import import_module

    from django.apps import apps

    registration = services.registration_create(session=SessionFactory(), **details(1))
    Registration.objects.filter(pk=registration.pk).update(token=f"erased-{registration.pk}")
    migration = import_module("registrations.migrations.0002_fresh_tokens_for_erased_registrations")
    migration.fresh_tokens(apps, None)
    registration.refresh_from_db()
    assert not registration.token.startswith("erased-") and len(registration.token) >= 40


def test_the_log_keeps_an_hmac_keyed_by_a_secret_setting(settings):
    import hashlib

    settings.PERSONAL_DATA_HMAC_KEY = "one secret"
    first = privacy.email_hmac(f" {EMAIL.upper()} ")
    assert first == privacy.email_hmac(EMAIL.lower())  # the same address, however typed
    assert first != hashlib.sha256(EMAIL.lower().encode()).hexdigest()
    assert len(first) == 64
    settings.PERSONAL_DATA_HMAC_KEY = "another secret"
    assert privacy.email_hmac(EMAIL) != first
    settings.PERSONAL_DATA_HMAC_KEY = ""  # default: derived from SECRET_KEY
    derived = privacy.email_hmac(EMAIL)
    settings.SECRET_KEY = "another secret key " * 3
    assert privacy.email_hmac(EMAIL) != derived


def test_finished_task_results_are_pruned_after_the_retention_period(settings):
    settings.TASK_RESULTS_RETENTION_DAYS = 14
    assert "portal.core.tasks.prune_task_results" in periodic_task_paths()
    now = timezone.now()

    def result(status, finished_days_ago):
        finished = (
            now - timedelta(days=finished_days_ago) if finished_days_ago is not None else None
        )
        return DBTaskResult.objects.create(
            status=status, args_kwargs={"args": [], "kwargs": {}}, task_path="x.y",
            backend_name="default", run_after=now, finished_at=finished,
            exception_class_path="", traceback="",
        )  # fmt: skip

    old_ok, old_failed = result("SUCCESSFUL", 15), result("FAILED", 20)
    recent, ready = result("FAILED", 3), result("READY", None)
    from portal.core.tasks import prune_task_results

    assert prune_task_results.call() == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, ready.pk}
    assert not DBTaskResult.objects.filter(pk__in=[old_ok.pk, old_failed.pk]).exists()


def test_export_command_prints_json_and_is_logged(capsys):
    services.registration_create(session=SessionFactory(), **details(1, email=EMAIL, name=NAME))
    call_command("personal_data", "export", EMAIL)
    data = json.loads(capsys.readouterr().out)
    assert data["records"]["registrations.registration"][0]["name"] == NAME
    assert PersonalDataRequest.objects.get().action == "export"


def test_erase_command_asks_for_confirmation_without_no_input(monkeypatch):
    from django.core.management import CommandError

    services.registration_create(session=SessionFactory(), **details(1, email=EMAIL, name=NAME))
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("personal_data", "erase", EMAIL)
    assert Registration.objects.filter(name=NAME).exists()
    assert not PersonalDataRequest.objects.exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    call_command("personal_data", "erase", EMAIL, stdout=io.StringIO())
    assert not Registration.objects.filter(name=NAME).exists()
    with pytest.raises(CommandError, match="not an email address"):
        call_command("personal_data", "export", "not-an-address")


def test_retention_also_scrubs_the_admin_log_of_what_it_removes(settings, admin_user):
    from django.contrib.admin.models import CHANGE

    from tests.portal.test_privacy import interest

    old, kept = interest(email=EMAIL), interest(email="kept@example.org")
    for submission in (old, kept):
        LogEntry.objects.log_actions(
            user_id=admin_user.pk, queryset=[submission], action_flag=CHANGE,
            change_message="Downloaded the CV.", single_object=True,
        )  # fmt: skip
    Interest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=800))
    privacy.retention_purge(dry_run=False)
    assert not Interest.objects.filter(pk=old.pk).exists()
    reprs = dict(LogEntry.objects.values_list("object_id", "object_repr"))
    assert reprs == {str(old.pk): privacy.ERASED, str(kept.pk): str(kept)}


# -- TASKS_BACKEND=rq: results in Redis (database 8 of the test Redis) ----------------------
RQ_REDIS_URL = "redis://127.0.0.1:6379/8"


def fails_quoting(email: str) -> None:
    """An RQ job that fails quoting its argument, as an SMTP refusal would."""
    raise ValueError(f"550 <{email}>: mailbox unavailable")


def returns_quoting(name: str) -> str:
    return f"Sent to {name}"


def redis_text(connection) -> str:
    """Everything in a Redis database as text, RQ's zlib-compressed job data included."""
    parts = []
    for key in connection.scan_iter():
        kind = connection.type(key).decode()
        values = {
            "string": lambda k: [connection.get(k)],
            "hash": lambda k: list(connection.hgetall(k).values()),
            "list": lambda k: connection.lrange(k, 0, -1),
            "set": lambda k: list(connection.smembers(k)),
            "zset": lambda k: connection.zrange(k, 0, -1),
            "stream": lambda k: [v for _id, e in connection.xrange(k) for v in e.values()],
        }.get(kind, lambda k: [])(key)
        for value in values:
            with contextlib.suppress(zlib.error):
                value = zlib.decompress(value)
            parts.append(value.decode("latin-1"))
    return "\n".join(parts).lower()


@pytest.fixture
def rq_jobs(settings):
    """A failed and a finished RQ job quoting the person, one failed job about someone else,
    run by a real RQ worker (in this process) on a real Redis."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    settings.TASKS_BACKEND, settings.REDIS_URL = "rq", RQ_REDIS_URL
    connection = Redis.from_url(RQ_REDIS_URL)
    connection.flushdb()  # this test's own database only
    queue = Queue("default", connection=connection)
    jobs = [
        queue.enqueue(fails_quoting, EMAIL.lower()),
        queue.enqueue(returns_quoting, NAME),
        queue.enqueue(fails_quoting, "someone@example.org"),
    ]
    SimpleWorker([queue], connection=connection).work(burst=True)
    text = redis_text(connection)
    assert EMAIL.lower() in text and NAME.lower() in text
    yield connection, jobs
    connection.flushdb()


def test_rq_job_results_quoting_the_person_are_exported_and_erased(
    rq_jobs, django_capture_on_commit_callbacks
):
    from rq.job import Job

    connection, (failed, finished, other) = rq_jobs
    services.registration_create(session=SessionFactory(), **details(1, email=EMAIL, name=NAME))
    exported = privacy.export_for_email(EMAIL)["records"]["rq.job"]
    assert {job["id"] for job in exported} == {failed.id, finished.id}
    assert EMAIL.lower() in next(j for j in exported if j["id"] == failed.id)["traceback"]
    with django_capture_on_commit_callbacks(execute=True):
        counts = privacy.erase_for_email(EMAIL)
    assert counts["rq.job"] == 2
    text = redis_text(connection)
    assert EMAIL.lower() not in text and NAME.lower() not in text
    assert Job.exists(other.id, connection=connection)


def test_rq_job_results_are_pruned_after_the_retention_period(rq_jobs, settings):
    from rq.job import Job

    connection, jobs = rq_jobs
    settings.TASK_RESULTS_RETENTION_DAYS = 14
    assert task_results.task_results_prune(now=timezone.now() + timedelta(days=13)) == 0
    assert task_results.task_results_prune(now=timezone.now() + timedelta(days=15)) == 3
    assert not any(Job.exists(job.id, connection=connection) for job in jobs)


def test_an_erasure_with_redis_down_erases_the_database_and_logs_the_gap(settings, caplog):
    settings.TASKS_BACKEND, settings.REDIS_URL = "rq", f"redis://127.0.0.1:{free_port()}/8"
    services.registration_create(session=SessionFactory(), **details(1, email=EMAIL, name=NAME))
    counts = privacy.erase_for_email(EMAIL)
    assert counts["registrations.registration"] == 1 and "rq.job" not in counts
    assert "RQ job results were not searched" in caplog.text
