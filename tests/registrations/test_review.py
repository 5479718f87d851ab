import csv
import io
import uuid

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation

from registrations import services
from registrations.models import Application, Interest, Note
from tests.portal import documents
from tests.projects.factories import CallFactory, ProjectFactory, SectorFactory, TargetFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:registrations_application_changelist")


def make_application(call=None, email="amina@example.org", **fields) -> Application:
    return Application.objects.create(
        call=call or CallFactory(), name=fields.pop("name", "Amina Uwase"), email=email,
        country_of_origin="RW", country_of_residence="BE", profession="Nurse",
        sector=fields.pop("sector", None) or SectorFactory(), years_of_experience=5,
        qualification="master", available_from="2027-01-01", availability="3-6",
        motivation="x", cv=documents.upload(documents.PDF), language="en",
        consent_at=timezone.now(), submission_key=uuid.uuid4(),
        eligibility_answers={"Lives in Belgium": True},
        languages=[{"language": "fr", "level": "fluent"}],
        **fields,
    )  # fmt: skip


def test_list_filters_by_call_status_and_flags_duplicates(admin_client):
    call, other_call = CallFactory(), CallFactory()
    first = make_application(call)
    make_application(call, name="Amina again")  # same email, same call
    make_application(other_call, name="Amina elsewhere")  # same email, other call
    make_application(call, email="b@example.org", name="Bruno", status="shortlisted")
    html = admin_client.get(CHANGELIST, {"call__id__exact": call.pk}).text
    assert "Amina elsewhere" not in html and "Bruno" in html
    html = admin_client.get(CHANGELIST, {"status__exact": "shortlisted"}).text
    assert "Bruno" in html and "Amina again" not in html
    html = admin_client.get(CHANGELIST, {"duplicate": "yes"}).text
    assert "Amina again" in html and first.reference in html
    assert "Bruno" not in html and "Amina elsewhere" not in html
    assert "Amina" in admin_client.get(CHANGELIST, {"q": first.reference}).text


def test_bulk_status_change_updates_targets_counting_selections(admin_client):
    call = CallFactory()
    target = TargetFactory(project=call.project, progress=0, goal=30, source="selected", call=call)
    apps = [make_application(call, email=f"p{n}@example.org") for n in range(3)]
    data = {"action": "set_status_selected", "_selected_action": [a.pk for a in apps[:2]]}
    assert admin_client.post(CHANGELIST, data).status_code == 200  # the confirmation first
    assert not Application.objects.filter(status="selected").exists()
    admin_client.post(CHANGELIST, {**data, "post": "yes"})
    assert set(Application.objects.filter(status="selected")) == set(apps[:2])
    target.refresh_from_db()
    assert target.progress == 2


def change_status(client, application, status: str):
    url = reverse("admin:registrations_application_change", args=[application.pk])
    management = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0"}
    data = {"status": status, **{f"notes-{k}": v for k, v in management.items()}}
    return client.post(url, {**data, "notes-MAX_NUM_FORMS": "1000"})


def test_status_changed_on_the_application_page_recounts_the_target(admin_client, admin_user):
    call = CallFactory()
    target = TargetFactory(project=call.project, progress=0, goal=30, source="selected", call=call)
    first, second = make_application(call), make_application(call, email="b@example.org")
    assert change_status(admin_client, first, "selected").status_code == 302
    assert change_status(admin_client, second, "selected").status_code == 302
    target.refresh_from_db()
    assert target.progress == 2
    assert change_status(admin_client, first, "not-selected").status_code == 302
    target.refresh_from_db()
    assert target.progress == 1
    # The change is in the history, with who made it.
    record = first.history.order_by("history_date").last()
    assert (record.status, record.history_user) == ("not-selected", admin_user)


def test_notes_keep_their_author_and_time(admin_client, admin_user):
    application = make_application()
    url = reverse("admin:registrations_application_change", args=[application.pk])
    response = admin_client.post(
        url,
        {
            "status": "in-review",
            "notes-TOTAL_FORMS": "1",
            "notes-INITIAL_FORMS": "0",
            "notes-MIN_NUM_FORMS": "0",
            "notes-MAX_NUM_FORMS": "1000",
            "notes-0-text": "Call her next week.",
        },
    )
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.author, note.text) == (admin_user, "Call her next week.")
    application.refresh_from_db()
    assert application.status == "in-review"
    assert "Call her next week." in admin_client.get(url).text


def test_csv_export_has_a_staff_link_to_the_cv_not_the_file(admin_client):
    application = make_application()
    response = admin_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [application.pk]}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "reference" and "CV (staff link)" in rows[0]
    assert rows[1][0] == application.reference
    cv_link = rows[1][rows[0].index("CV (staff link)")]
    assert cv_link.endswith(f"/admin/registrations/application/{application.pk}/cv/")
    assert b"%PDF" not in response.content


def test_cv_download_is_logged(admin_client, admin_user):
    application = make_application()
    url = reverse("admin:registrations_application_cv", args=[application.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"CV-{application.reference}.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry = LogEntry.objects.get()
    assert (entry.user, entry.object_id) == (admin_user, str(application.pk))
    assert entry.change_message == "Downloaded the CV."


def test_applications_and_interests_are_not_added_by_hand(admin_client):
    assert admin_client.get(reverse("admin:registrations_application_add")).status_code == 403
    assert admin_client.get(reverse("admin:registrations_interest_add")).status_code == 403


def test_note_add_service_keeps_the_author_on_applications_and_interests(admin_user):
    application = make_application()
    interest = Interest.objects.create(
        project=ProjectFactory(), organisation="Kigali Health Invest", contact_person="Jo",
        email="jo@example.org", country="BE", kind="investment", amount="10k-50k",
        message="x", language="en", consent_at=timezone.now(), submission_key=uuid.uuid4(),
    )  # fmt: skip
    services.note_add(submission=application, author=admin_user, text="Call her next week.")
    services.note_add(submission=interest, author=admin_user, text="Send the brochure.")
    notes = Note.objects.order_by("pk")
    assert [(n.application, n.interest, n.author) for n in notes] == [
        (application, None, admin_user),
        (None, interest, admin_user),
    ]


def test_cv_download_is_logged_in_english_and_read_in_the_staff_language(admin_client, admin_user):
    application = make_application()
    with (
        translation.override("fr"),
        services.application_cv_open(application=application, user=admin_user) as cv,
    ):
        assert cv.read().startswith(b"%PDF")
    entry = LogEntry.objects.get()
    assert (entry.user, entry.object_id) == (admin_user, str(application.pk))
    assert entry.change_message == "Downloaded the CV."  # a code, whoever downloaded it
    history = reverse("admin:registrations_application_history", args=[application.pk])
    html = admin_client.get(history, headers={"accept-language": "fr"}).text
    assert "CV téléchargé." in html and "Downloaded the CV." not in html
    assert "CV téléchargé." not in admin_client.get(history).text
