import json
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import models
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from simple_history.models import HistoricalChanges

from alerts.models import AlertSubscription
from members.services import sign_in_link_send
from newsletter.models import Subscriber
from portal.core import privacy
from portal.core.models import Page, PersonalDataRequest
from portal.core.periodic import periodic_task_paths
from portal.core.roles import PROGRAMME_OFFICERS
from registrations import services
from registrations.models import (
    Application,
    Interest,
    Note,
    Registration,
    ReviewAssignment,
    ReviewScore,
)
from tests.dialogue.factories import EventQuestionFactory
from tests.events.factories import SessionFactory
from tests.portal import documents
from tests.portal.factories import StaffFactory
from tests.projects.factories import CallFactory, ProjectFactory, SectorFactory
from tests.registrations.factories import RegistrationFactory, details
from tests.talent.factories import ExpertProfileFactory, InvitationFactory

pytestmark = pytest.mark.django_db
EMAIL = "amina@example.org"
ADD = reverse("admin:portal_personaldatarequest_add")


def test_every_model_with_an_email_is_registered_or_exempt():
    """A new model holding people's email addresses must join portal.core.privacy."""
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            continue  # a model's history is pruned and erased with it
        label = model._meta.label_lower
        has_email = any(isinstance(f, models.EmailField) for f in model._meta.concrete_fields)
        if has_email and label not in privacy.EXEMPT:
            # Calls and projects hold staff work addresses, not a member of the public's.
            if label in {"projects.call", "projects.project", "portal.sitesettings"}:
                continue
            assert label in privacy.registry(), f"{label} holds emails: register it in privacy"


def application(email=EMAIL, **kwargs) -> Application:
    return Application.objects.create(
        call=kwargs.pop("call", None) or CallFactory(), name="Amina", email=email,
        country_of_origin="RW", country_of_residence="BE", profession="Nurse",
        sector=SectorFactory(), years_of_experience=5, qualification="master",
        available_from="2027-01-01", availability="3-6", motivation="x",
        cv=documents.upload(documents.PDF), language="en", consent_at=timezone.now(),
        submission_key=kwargs.pop("key", None) or uuid.uuid4(), **kwargs,
    )  # fmt: skip


def interest(email=EMAIL, **kwargs) -> Interest:
    return Interest.objects.create(
        project=ProjectFactory(), contact_person="Amina", email=email, country="BE",
        kind="investment", message="x", language="fr", consent_at=timezone.now(),
        submission_key=uuid.uuid4(), **kwargs,
    )  # fmt: skip


@pytest.fixture
def everything_about_amina():
    subscriber = Subscriber.objects.create(
        email=EMAIL, language="fr", consent_at=timezone.now(), status="confirmed"
    )
    # Through the service: a confirmed registration holds one of the session's places.
    registration = services.registration_create(
        session=SessionFactory(capacity=5), **details(email=EMAIL, name="Amina")
    )
    app = application()
    Note.objects.create(application=app, text="Strong profile")
    officer = StaffFactory(username="reviewer", role=PROGRAMME_OFFICERS)
    ReviewAssignment.objects.create(application=app, reviewer=officer)
    ReviewScore.objects.create(
        application=app, reviewer=officer, criterion=0, criterion_text="x", score=2, comment="Fine"
    )
    other = RegistrationFactory(email="someone@example.org")
    sign_in_link_send(email=EMAIL, language="fr")  # she signed in to My space
    AlertSubscription.objects.create(email=EMAIL, language="fr", consent_at=timezone.now())
    EventQuestionFactory(email=EMAIL, display_name="Amina", approved=True)
    InvitationFactory(
        profile=ExpertProfileFactory(email=EMAIL, name="Amina", residence=[], summary={"en": "x"})
    )
    return subscriber, registration, app, interest(), other


def test_export_covers_every_personal_data_model(everything_about_amina):
    data = privacy.export_for_email("AMINA@example.org ")
    assert set(privacy.registry()) <= set(data["records"])
    assert "registrations.historicalregistration" in data["records"]  # and their history
    assert data["records"]["registrations.application"][0]["cv"].startswith("cv/")
    assert "token" not in data["records"]["registrations.registration"][0]
    json.dumps(
        data, cls=__import__("django.core.serializers.json").core.serializers.json.DjangoJSONEncoder
    )


def test_erase_removes_everything_about_the_address_and_nothing_else(everything_about_amina):
    _subscriber, registration, app, _interest, other = everything_about_amina
    cv_name, storage = app.cv.name, app.cv.storage
    with TestCase.captureOnCommitCallbacks(execute=True):
        counts = privacy.erase_for_email(EMAIL)
    assert {label: counts[label] for label in privacy.registry()} == {
        label: 1 for label in privacy.registry()
    }
    assert privacy.export_for_email(EMAIL)["records"] == {}
    assert not Subscriber.objects.exists() and not Application.objects.exists()
    assert not Note.objects.exists() and not storage.exists(cv_name)
    # Staff's scores and assignment of her application, and their history, went too.
    assert not ReviewScore.history.exists() and not ReviewAssignment.history.exists()
    registration.refresh_from_db()  # kept for the attendance count, without the person
    assert (registration.name, registration.phone) == ("", "")
    assert registration.email == f"erased-{registration.pk}@invalid"
    assert registration.status == Registration.Status.CANCELLED
    assert Registration.objects.filter(pk=other.pk, email="someone@example.org").exists()


def test_retention_purge_removes_only_what_has_expired(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = {
        "subscribers": 30, "event_registrations": 365, "applications": 730, "interests": 730,
        "member_links": 1,
        "alert_subscriptions": 30, "questions_unconfirmed": 2, "questions": 730,
        "expert_profiles": 395,
    }  # fmt: skip
    now = timezone.now()
    old_call = CallFactory(opens_at=now - timedelta(days=900), closes_at=now - timedelta(days=800))
    recent_call = CallFactory(opens_at=now - timedelta(days=90), closes_at=now - timedelta(days=60))
    expired_app, kept_app = (
        application(call=old_call),
        application(call=recent_call, email="b@x.org"),
    )
    officer = StaffFactory(username="reviewer", role=PROGRAMME_OFFICERS)
    ReviewScore.objects.create(
        application=expired_app, reviewer=officer, criterion=0, criterion_text="x", score=1
    )
    past = SessionFactory(starts_at=now - timedelta(days=400))
    recent = SessionFactory(starts_at=now - timedelta(days=10))
    old_registration = RegistrationFactory(session=past)
    kept_registration = RegistrationFactory(session=recent)
    gone = Subscriber.objects.create(
        email="gone@x.org",
        language="en",
        consent_at=now,
        status="unsubscribed",
        unsubscribed_at=now - timedelta(days=31),
    )
    staying = Subscriber.objects.create(email="stay@x.org", language="en", consent_at=now,
                                        status="confirmed")  # fmt: skip
    old_interest = interest(email="old@x.org")
    Interest.objects.filter(pk=old_interest.pk).update(created_at=now - timedelta(days=731))
    kept_interest = interest(email="new@x.org")
    AlertSubscription.objects.create(email="stopped@x.org", language="en", consent_at=now,
                                     active=False, stopped_at=now - timedelta(days=31))  # fmt: skip
    alerted = AlertSubscription.objects.create(email="alerted@x.org", language="en",
                                               consent_at=now)  # fmt: skip

    dry = privacy.retention_purge(dry_run=True)
    assert dry == {
        "newsletter.subscriber": 1, "registrations.registration": 1,
        "registrations.application": 1, "registrations.interest": 1,
        "registrations.reviewscore": 1, "registrations.reviewassignment": 0,
        "members.signinlink": 0,
        "alerts.alertsubscription": 1,
        "dialogue.question": 0,  # its own rules: tests/dialogue/test_privacy.py
        "talent.expertprofile": 0, "talent.invitation": 0,  # tests/talent/
        "talent.profilecountry": 0, "talent.profilelanguage": 0, "talent.profilesummary": 0,
    }  # fmt: skip
    assert Application.objects.count() == 2  # a dry run changes nothing

    assert privacy.retention_purge(dry_run=False) == dry
    assert list(Application.objects.all()) == [kept_app]
    assert not Application.objects.filter(pk=expired_app.pk).exists()
    assert not ReviewScore.history.exists()  # the scores went first, with their history
    assert list(Subscriber.objects.all()) == [staying]
    assert not Subscriber.objects.filter(pk=gone.pk).exists()
    assert list(Interest.objects.all()) == [kept_interest]
    assert list(AlertSubscription.objects.all()) == [alerted]
    old_registration.refresh_from_db()
    kept_registration.refresh_from_db()
    assert old_registration.name == "" and kept_registration.name != ""
    assert privacy.retention_purge(dry_run=True)["registrations.registration"] == 0


def test_the_purge_runs_by_itself_in_the_worker(settings):
    assert "portal.core.tasks.purge_expired_personal_data" in periodic_task_paths()


def test_staff_export_and_erase_from_the_admin(admin_client, everything_about_amina):
    page = admin_client.get(ADD).text
    assert "Export everything about this email (JSON)" in page
    response = admin_client.post(ADD, {"email": EMAIL, "action": "export"})
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["records"]["newsletter.subscriber"][0]["email"] == EMAIL
    response = admin_client.post(ADD, {"email": EMAIL, "action": "erase"})
    assert "Tick this box to confirm the erasure." in response.text
    assert Subscriber.objects.exists()
    response = admin_client.post(
        ADD, {"email": EMAIL, "action": "erase", "confirm": "on"}, follow=True
    )
    assert "14 records about this address were erased." in response.text
    log = PersonalDataRequest.objects.order_by("requested_at")
    assert [entry.action for entry in log] == ["export", "erase"]
    assert EMAIL not in str(list(log.values()))  # the log keeps a hash, not the address
    assert log[0].email_hash == PersonalDataRequest.hash_email(EMAIL)


def test_privacy_notice_lists_what_is_kept_and_for_how_long(client, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = {
        **settings.PERSONAL_DATA_RETENTION_DAYS,
        "applications": 500,
    }
    page = Page.objects.create(
        key=Page.Key.PRIVACY, title_en="Privacy", title_fr="Confidentialité",
        slug_en="privacy", slug_fr="confidentialite", body_en="<p>x</p>", body_fr="<p>x</p>",
        is_published=True,
    )  # fmt: skip
    html = client.get(page.get_absolute_url()).text
    assert "What we keep, why, and for how long" in html
    assert "500 days" in html and "Applications to calls for candidates" in html
    with translation.override("fr"):
        html = client.get(page.get_absolute_url()).text
    assert "500 jours" in html


def test_erasure_and_retention_reach_the_history_too(everything_about_amina, settings):
    subscriber, registration, app, _interest, _other = everything_about_amina
    assert Subscriber.history.filter(id=subscriber.pk).exists()
    privacy.erase_for_email(EMAIL)
    for model, pk in ((Subscriber, subscriber.pk), (Registration, registration.pk),
                      (Application, app.pk)):  # fmt: skip
        assert not model.history.filter(id=pk).exists(), model
    kept = Subscriber.objects.create(
        email="kept@x.org", language="en", consent_at=timezone.now(), status="confirmed"
    )
    Subscriber.history.filter(id=kept.pk).update(history_date=timezone.now() - timedelta(days=40))
    privacy.retention_purge(dry_run=False)
    assert Subscriber.objects.filter(pk=kept.pk).exists()  # still subscribed: kept
    assert not Subscriber.history.filter(id=kept.pk).exists()  # its 40-day-old version: gone
