"""Project targets that count a call's applications follow submissions and withdrawals, not
only staff's status changes."""

import pytest
from django.urls import reverse

from registrations.models import Application, ReviewStatus
from registrations.services import interests
from tests.portal import documents
from tests.projects.factories import CallFactory, SectorFactory, TargetFactory
from tests.registrations.factories import ApplicationFactory, InterestFactory, application_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory()


def counting(call, source: str):
    return TargetFactory(project=call.project, source=source, call=call, progress=None, goal=30)


def test_a_submitted_application_is_counted_at_once(client, call, private_dir):
    received, selected = counting(call, "applications"), counting(call, "selected")
    other_call_target = counting(CallFactory(project=call.project), "applications")
    ApplicationFactory(call=call)
    data = {**application_data(call, SectorFactory()), "cv": documents.upload(documents.PDF)}
    response = client.post(reverse("registrations:apply", args=[call.slug_en]), data)
    assert response.status_code == 302
    assert Application.objects.filter(call=call).count() == 2
    for target in (received, selected, other_call_target):
        target.refresh_from_db()
    assert received.progress == 2
    assert selected.progress == 0
    assert other_call_target.progress is None  # another call's target is left alone


def test_a_withdrawn_application_is_no_longer_counted():
    application = ApplicationFactory()
    ApplicationFactory(call=application.call)
    shortlisted = ApplicationFactory(call=application.call, status=ReviewStatus.SHORTLISTED)
    received = counting(application.call, "applications")
    received.progress = 3
    received.save()
    interests.submission_withdraw(submission=application)
    received.refresh_from_db()
    assert received.progress == 2
    interests.submission_withdraw(submission=shortlisted)
    received.refresh_from_db()
    assert received.progress == 1


def test_withdrawing_an_interest_touches_no_target():
    interest = InterestFactory()
    typed = TargetFactory(project=interest.project, progress=7, goal=10)
    interests.submission_withdraw(submission=interest)
    typed.refresh_from_db()
    assert typed.progress == 7
