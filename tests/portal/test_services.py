"""portal.core.services: the personal-data requests, called directly (the admin and the
`personal_data` command only call these)."""

import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Subscriber
from portal.core import services
from portal.core.models import PersonalDataRequest
from registrations import services as registrations
from registrations.models import Registration
from tests.events.factories import SessionFactory
from tests.registrations.factories import details

pytestmark = pytest.mark.django_db
EMAIL = "amina@example.org"


@pytest.fixture
def amina():
    Subscriber.objects.create(
        email=EMAIL, language="fr", consent_at=timezone.now(), status="confirmed"
    )
    return registrations.registration_create(
        session=SessionFactory(capacity=5), **details(email=EMAIL, name="Aminata Sène")
    )


def test_the_export_document_is_logged_with_who_asked_and_why(amina, admin_user):
    document = services.personal_data_export_json(
        email=EMAIL, requested_by=admin_user, reason="letter of 2 May"
    )
    data = json.loads(document)
    assert data["records"]["registrations.registration"][0]["name"] == "Aminata Sène"
    assert "Aminata Sène" in document  # not escaped: the document is read by people
    entry = PersonalDataRequest.objects.get()
    assert (entry.action, entry.requested_by, entry.reason) == (
        "export",
        admin_user,
        "letter of 2 May",
    )
    assert entry.email_hash == PersonalDataRequest.hash_email(EMAIL)
    assert entry.counts["registrations.registration"] == 1


def test_the_admin_and_the_command_give_the_same_export_document(amina, admin_client):
    add = reverse("admin:portal_personaldatarequest_add")
    printed = io.StringIO()
    with time_machine.travel(timezone.now(), tick=False):
        downloaded = admin_client.post(add, {"email": EMAIL, "action": "export"})
        call_command("personal_data", "export", EMAIL, stdout=printed)
    assert printed.getvalue().strip() == downloaded.content.decode().strip()
    assert PersonalDataRequest.objects.filter(action="export").count() == 2


def test_the_erasure_reports_records_and_traces_apart_and_is_logged(
    amina, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.personal_data_erase(email=EMAIL, requested_by=admin_user)
    assert report.records["newsletter.subscriber"] == 1
    assert report.records["registrations.registration"] == 1
    assert report.total_records == sum(report.records.values())
    assert not set(report.records) & set(report.traces)
    assert not Subscriber.objects.filter(email=EMAIL).exists()
    assert not Registration.objects.filter(email=EMAIL).exists()
    entry = PersonalDataRequest.objects.get()
    assert (entry.action, entry.requested_by) == ("erase", admin_user)
    assert entry.counts == {**report.records, **report.traces}
