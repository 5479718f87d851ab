"""The suppression list (a keyed hash of stopped addresses) and imports that meet a
subscriber created meanwhile."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from newsletter import services
from newsletter.models import Subscriber, Suppression
from newsletter.services import imports
from portal.core import privacy
from portal.core.privacy import email_hmac
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

URL = "/admin/newsletter/subscriber/import/"
CSV = "email;language;consent\n{email};en;2025-03-14\n"


def purge(settings):
    """Run the retention purge once every stopped subscriber is past its period."""
    days = settings.PERSONAL_DATA_RETENTION_DAYS["subscribers"]
    later = timezone.now() + timedelta(days=days + 1)
    privacy.retention_purge(dry_run=False, now=later)


@pytest.mark.parametrize(
    "status, reason",
    [
        (Subscriber.Status.UNSUBSCRIBED, "unsubscribed"),
        (Subscriber.Status.BOUNCED, "bounced"),
        (Subscriber.Status.COMPLAINED, "complained"),
    ],
)
def test_a_purged_stopped_subscriber_is_not_imported_again(settings, status, reason):
    now = timezone.now()
    SubscriberFactory(email="gone@example.org", status=status, unsubscribed_at=now, stopped_at=now)
    purge(settings)
    assert not Subscriber.objects.exists()
    (row,) = Suppression.objects.all()
    assert row.email_hash == email_hmac("gone@example.org") and row.reason == reason
    assert "gone@example.org" not in str(row.__dict__)  # only the keyed hash is kept
    report = services.subscribers_import(text=CSV.format(email="Gone@Example.org"), dry_run=False)
    assert report.count(imports.LEFT_ALONE) == 1
    assert report.rows[0].reason == "unsubscribed earlier: left alone"
    assert not Subscriber.objects.exists()


def test_an_erased_unsubscribed_subscriber_is_not_imported_again():
    subscriber = SubscriberFactory(email="erased@example.org")
    services.subscription_unsubscribe(subscriber=subscriber)
    privacy.erase_for_email("erased@example.org")
    assert not Subscriber.objects.exists()
    assert Suppression.objects.filter(email_hash=email_hmac("erased@example.org")).exists()
    report = services.subscribers_import(text=CSV.format(email="erased@example.org"))
    assert report.count(imports.LEFT_ALONE) == 1


def test_a_confirmed_subscriber_purged_or_not_is_not_suppressed(settings):
    SubscriberFactory(email="reader@example.org")
    purge(settings)
    assert not Suppression.objects.exists()


def test_subscribing_again_through_the_double_opt_in_lifts_the_suppression(settings):
    SubscriberFactory(
        email="back@example.org",
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at=timezone.now(),
    )
    purge(settings)
    subscriber = services.subscription_request(
        email="back@example.org", language="en", source="site", privacy_version="1"
    )
    assert Suppression.objects.exists()  # asking is not yet consenting
    services.subscription_confirm(subscriber=subscriber)
    assert not Suppression.objects.exists()


def test_a_double_submitted_import_does_not_fail(client, programme_officer):
    """One after the other (the second classifies the row as already there); two at the same
    time meet the savepoint tested below."""
    client.force_login(programme_officer)
    upload = SimpleUploadedFile("list.csv", CSV.format(email="new@example.org").encode())
    payload = client.post(URL, {"file": upload}).context["payload"]
    first = client.post(URL, {"payload": payload}, follow=True)
    second = client.post(URL, {"payload": payload}, follow=True)
    assert first.status_code == second.status_code == 200
    assert Subscriber.objects.filter(email="new@example.org").count() == 1


def test_a_subscription_made_between_dry_run_and_import_is_already_there():
    text = CSV.format(email="race@example.org") + "other@example.org;en;2025-03-14\n"
    report = services.subscribers_import(text=text, dry_run=True)
    assert report.count(imports.NEW_CONFIRMED) == 2
    SubscriberFactory(email="Race@example.org", status=Subscriber.Status.PENDING)
    imports._write(report)  # what the import writes after classifying, racing a subscription
    assert report.count(imports.EXISTING) == 1 and report.count(imports.NEW_CONFIRMED) == 1
    assert Subscriber.objects.get(email="Race@example.org").status == Subscriber.Status.PENDING
    assert Subscriber.objects.filter(email="other@example.org").exists()


def test_programme_officers_read_the_list_and_editors_do_not(client, programme_officer, editor):
    Suppression.objects.create(email_hash="a" * 64, reason=Suppression.Reason.BOUNCED)
    url = "/admin/newsletter/suppression/"
    client.force_login(programme_officer)
    response = client.get(url)
    assert response.status_code == 200 and "Address bounced" in response.text
    row = Suppression.objects.get()
    assert client.post(f"{url}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Suppression.objects.exists()
    client.force_login(editor)
    assert client.get(url).status_code == 403
