"""With the Redis task queue (TASKS_BACKEND=rq, as compose sets it) unreachable, the public
forms still work and nothing is lost: what cannot be queued is done in the request."""

import socket

import pytest
from django.core import mail

from newsletter.models import Subscriber
from registrations.models import Registration
from tests.events.factories import SessionFactory
from tests.registrations.test_views import form_data, register_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue_down(settings):
    """The RQ backend, pointed at a port where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{port}/0"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


def test_subscribing_works_with_the_task_queue_down(
    client, queue_down, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/news/subscribe/",
            {"email": "amina@example.org", "language": "fr", "consent": "on"},
        )
    assert response.status_code == 302
    assert Subscriber.objects.get().email == "amina@example.org"
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]
    assert "Task queue unreachable" in caplog.text


def test_registering_works_with_the_task_queue_down(
    client, queue_down, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(session), form_data())
    assert response.status_code == 302
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["person1@example.org"]]
