"""Subscribing tells nobody whether an address is subscribed (issue 12, point 8): the same
answer and the same time for a subscribed address and a new one."""

import re
import statistics
import time

import pytest
from django.core import mail
from django.utils import timezone

from newsletter.models import Subscriber
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

# What production uses: the view only queues the work (a row in the task table).
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def subscribe(client, email: str):
    data = {"email": email, "language": "en", "consent": "on"}
    return client.post("/en/news/subscribe/", data)


def comparable(response) -> tuple:
    """Everything a response says, but the clock (Date, and Expires from never_cache)."""
    clock = {"date", "expires"}
    headers = tuple(sorted((k, v) for k, v in response.items() if k.lower() not in clock))
    cookies = tuple(sorted(response.cookies))
    return response.status_code, headers, cookies, CSRF.sub(b"", response.content)


def test_a_subscribed_address_gets_the_same_answer_as_a_new_one(
    client, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="known@example.org")
    SubscriberFactory(
        email="pending@example.org", status="pending", confirmation_sent_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            subscribe(client, email)
            for email in ("known@example.org", "pending@example.org", "new@example.org")
        ]
    assert len({comparable(answer) for answer in answers}) == 1
    # The page it leads to (the first visit fills the page cache: compare what is shown).
    pages = [client.get(answer["Location"]) for answer in answers]
    assert len({(page.status_code, CSRF.sub(b"", page.content)) for page in pages}) == 1
    # The lookup happened in the task: the new address was asked to confirm; the
    # confirmed one got nothing, and the pending one nothing yet (it was just sent).
    assert [m.to for m in mail.outbox] == [["new@example.org"]]


def timings(post, known: str, rounds: int) -> tuple[float, float]:
    """Median seconds of `post` for the `known` address and for new addresses, interleaved
    so that any drift of the machine's speed affects both alike."""
    for n in range(5):  # warm-up: templates, connections, caches
        post(known)
        post(f"warm{n}@example.org")
    known_times, new_times = [], []
    for n in range(rounds):
        for times, email in ((known_times, known), (new_times, f"new{n}@example.org")):
            start = time.perf_counter()
            post(email)
            times.append(time.perf_counter() - start)
    return statistics.median(known_times), statistics.median(new_times)


def test_subscribing_takes_the_same_time_for_a_subscribed_address(client, settings):
    settings.TASKS = DATABASE_TASKS
    settings.FORM_RATE_LIMIT_PER_HOUR = 10_000
    SubscriberFactory(email="known@example.org")
    known, new = timings(lambda email: subscribe(client, email), "known@example.org", 40)
    # Generous: the requests do the same work, so only noise separates them; before the
    # fix, a new address cost a lookup, an insert and its history, a known one a lookup.
    assert abs(known - new) < 0.15 * max(known, new), (known, new)
    assert Subscriber.objects.count() == 1  # the work waits in the queue
