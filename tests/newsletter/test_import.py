"""Importing subscribers from CSV: a dry run that writes nothing, then the import; consent
rules, Excel's files (semicolons, byte-order mark), and who may do it."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsletter import services
from newsletter.models import Subscriber
from newsletter.services import imports
from portal.core.roles import PROGRAMME_OFFICERS
from tests.newsletter.factories import SubscriberFactory
from tests.portal.factories import StaffFactory

pytestmark = pytest.mark.django_db

URL = "/admin/newsletter/subscriber/import/"

CSV = (
    "email;language;consent\n"
    "dated@example.org;fr;2025-03-14\n"
    "yes@example.org;English;oui\n"
    "no@example.org;en;non\n"
    "empty@example.org;en;\n"
    "broken-address;en;2025-01-01\n"
    "known@example.org;en;yes\n"
    "left@example.org;fr;2024-05-01\n"
    "weird@example.org;de;yes\n"
    "dated@example.org;fr;yes\n"
)


@pytest.fixture
def existing(db):
    SubscriberFactory(email="known@example.org")
    SubscriberFactory(email="left@example.org", status=Subscriber.Status.UNSUBSCRIBED)


def test_a_dry_run_classifies_every_row_and_writes_nothing(existing):
    report = services.subscribers_import(text=CSV, dry_run=True)
    assert report.counts == {
        imports.NEW_CONFIRMED: 1,
        imports.NEW_PENDING: 1,
        imports.EXISTING: 1,
        imports.LEFT_ALONE: 1,
        imports.INVALID: 3,  # bad address, unknown language, repeated address
        imports.NO_CONSENT: 2,
    }
    assert Subscriber.objects.count() == 2
    assert mail.outbox == []


def test_the_import_confirms_dated_consent_and_asks_the_others_to_confirm(
    existing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.subscribers_import(text=CSV, dry_run=False)
    dated = Subscriber.objects.get(email="dated@example.org")
    assert dated.status == Subscriber.Status.CONFIRMED and dated.language == "fr"
    assert dated.consent_at.date().isoformat() == "2025-03-14"
    pending = Subscriber.objects.get(email="yes@example.org")
    assert pending.status == Subscriber.Status.PENDING and pending.language == "en"
    assert [m.to for m in mail.outbox] == [["yes@example.org"]]  # the double opt-in email
    assert Subscriber.objects.get(email="left@example.org").status == "unsubscribed"
    assert not Subscriber.objects.filter(email__in=["no@example.org", "empty@example.org"])
    assert dated.history.first().history_change_reason == "Imported from a CSV file"


def test_an_excel_file_with_a_byte_order_mark_and_commas_is_read():
    data = "\ufeffEmail,Language,Consent\r\nA@Example.org,fr,14/03/2025\r\n".encode()
    report = services.subscribers_import(text=imports.decode(data), dry_run=True)
    assert [(r.email, r.language, r.outcome) for r in report.rows] == [
        ("a@example.org", "fr", imports.NEW_CONFIRMED)
    ]


def test_a_windows_1252_file_is_read():
    data = "email;language;consent\nzoé@example.org;fr;oui\n".encode("cp1252")
    assert "zoé@example.org" in imports.decode(data)


def test_a_file_without_an_email_column_is_refused():
    with pytest.raises(services.ImportInvalid):
        services.subscribers_import(text="name;consent\nAda;yes\n")


def test_the_admin_dry_run_then_import(client, programme_officer, existing):
    client.force_login(programme_officer)
    upload = SimpleUploadedFile("list.csv", ("\ufeff" + CSV).encode(), content_type="text/csv")
    response = client.post(URL, {"file": upload})
    assert response.status_code == 200
    text = response.text
    assert "nothing is written yet" in text
    assert "1 new subscriber who will get the confirmation email" in text
    assert "no@example.org" in text and "unsubscribed earlier" in text
    assert Subscriber.objects.count() == 2
    payload = response.context["payload"]
    response = client.post(URL, {"payload": payload}, follow=True)
    assert "Imported: 1 confirmed, 1 asked to confirm by email" in response.text
    assert Subscriber.objects.count() == 4


def test_a_tampered_payload_imports_nothing(client, programme_officer):
    client.force_login(programme_officer)
    response = client.post(URL, {"payload": "email;language;consent\nx@example.org;en;2025-01-01"})
    assert response.status_code == 302
    assert not Subscriber.objects.exists()


def test_editors_and_password_only_staff_cannot_import(client, editor, settings):
    client.force_login(editor)
    assert client.get(URL).status_code == 403
    settings.ADMIN_REQUIRE_2FA = True
    client.force_login(StaffFactory(username="po-password-only", role=PROGRAMME_OFFICERS))
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_changelist_links_to_the_import(client, programme_officer):
    client.force_login(programme_officer)
    page = client.get(reverse("admin:newsletter_subscriber_changelist")).text
    assert URL in page


def test_french_column_names_are_understood():
    text = "Courriel;Langue;Consentement\nmarie@example.org;français;oui\n"
    report = services.subscribers_import(text=text, dry_run=True)
    assert [(r.email, r.language, r.outcome) for r in report.rows] == [
        ("marie@example.org", "fr", imports.NEW_PENDING)
    ]


def test_a_binary_file_is_refused_with_a_message_not_a_server_error(client, programme_officer):
    client.force_login(programme_officer)
    upload = SimpleUploadedFile("photo.csv", b"email\n\x00\x89PNG\x00\x00", content_type="text/csv")
    response = client.post(URL, {"file": upload})
    assert response.status_code == 200
    assert "cannot be read as CSV" in response.text
    assert not Subscriber.objects.exists()
