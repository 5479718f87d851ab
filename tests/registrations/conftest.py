from functools import partial

import pytest

from registrations import services
from tests.events.factories import SessionFactory
from tests.registrations.factories import details


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block queued for after the commit (the emails),
    as a real commit would; work rolled back inside the block queues nothing."""
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def full_session():
    """A session of capacity 2: two people confirmed, two waiting (the check-in tests)."""
    session = SessionFactory(capacity=2, event__title_en="Info session in Brussels")
    people = [services.registration_create(session=session, **details(n)) for n in range(4)]
    return session, people
