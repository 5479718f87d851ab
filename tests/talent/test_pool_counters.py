"""Targets counted from the pool (talent/services/counters.py): their progress is the number
of profiles meeting the call's hard requirements, recounted periodically and after a
profile changes (queued once its transaction commits)."""

import pytest

from portal.core.periodic import periodic_tasks
from projects.models import Target
from talent import tasks
from talent.services.counters import pool_targets_recount
from tests.projects.factories import TargetFactory
from tests.talent.support import expert, rwanda_health_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return rwanda_health_call()


def test_a_pool_target_counts_the_profiles_meeting_the_call(call):
    pool = TargetFactory(source=Target.Source.POOL, call=call, progress=None)
    typed = TargetFactory(progress=12)
    applications = TargetFactory(source=Target.Source.APPLICATIONS, call=call, progress=3)
    expert()
    expert()
    expert(years_of_experience=1)  # misses the minimum
    assert pool_targets_recount() == 1
    pool.refresh_from_db(), typed.refresh_from_db(), applications.refresh_from_db()
    assert (pool.progress, typed.progress, applications.progress) == (2, 12, 3)
    assert pool_targets_recount() == 0  # unchanged: not saved again


def test_saving_or_deleting_a_profile_recounts_after_the_commit(
    call, django_capture_on_commit_callbacks
):
    target = TargetFactory(source=Target.Source.POOL, call=call, progress=None)
    with django_capture_on_commit_callbacks(execute=True):
        profile = expert()
    target.refresh_from_db()
    assert target.progress == 1
    with django_capture_on_commit_callbacks(execute=True):
        profile.delete()
    target.refresh_from_db()
    assert target.progress == 0


def test_nothing_is_recounted_before_the_commit(call, django_capture_on_commit_callbacks):
    target = TargetFactory(source=Target.Source.POOL, call=call, progress=7)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        expert()
    target.refresh_from_db()
    assert target.progress == 7 and len(callbacks) >= 1


def test_the_recount_and_resumed_invitations_run_periodically():
    periodic = periodic_tasks()
    assert tasks.recount_pool_targets in periodic and tasks.resume_invitations in periodic


def test_many_profile_changes_at_once_queue_one_recount(
    call, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        "talent.receivers.background.enqueue", lambda task, **kw: queued.append(task)
    )
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            expert()
    assert queued == [tasks.recount_pool_targets]  # not started yet: it counts them all
    tasks.recount_pool_targets.call()  # it starts: a change from now on queues another
    with django_capture_on_commit_callbacks(execute=True):
        expert()
    assert len(queued) == 2
