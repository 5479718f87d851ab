import contextlib
import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from projects.models import Call
from registrations.models import Application, Interest
from tests.conftest import stored_files
from tests.portal import documents
from tests.projects.factories import CallFactory, ProjectFactory, SectorFactory
from tests.registrations.factories import application_data, interest_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory()


@pytest.fixture
def sector():
    return SectorFactory(name_en="Health", name_fr="Santé")


def apply_url(call, language="en") -> str:
    with translation.override(language):
        return reverse("registrations:apply", args=[getattr(call, f"slug_{language}")])


def post_application(client, call, sector, cv=None, language="en", **overrides):
    data = application_data(call, sector, **overrides)
    data["cv"] = cv if cv is not None else documents.upload(documents.PDF, "Mon CV.pdf")
    return client.post(apply_url(call, language), data)


def test_call_page_links_to_the_application_form_only_while_open(client, call):
    assert apply_url(call) in client.get(call.get_absolute_url()).text
    closed = CallFactory(closes_at=timezone.now() - timedelta(days=1),
                         opens_at=timezone.now() - timedelta(days=9))  # fmt: skip
    assert apply_url(closed) not in client.get(closed.get_absolute_url()).text


def test_application_is_stored_with_its_cv_privately_and_acknowledged(
    client, call, sector, committed, settings
):
    with committed():
        response = post_application(client, call, sector, language="fr", language_field="fr")
    assert response.status_code == 302, response.context["form"].errors
    application = Application.objects.get()
    assert response["Location"].endswith(f"?reference={application.reference}")
    sent = response.cookies["portal_sent"]  # what was sent: this browser only, this page only
    assert sent["httponly"] and sent["samesite"] == "Strict"
    assert sent["path"] == response["Location"].split("?")[0]
    assert application.cv.name.startswith("cv/") and application.cv.name.endswith(".pdf")
    assert "Mon CV" not in application.cv.name
    assert application.cv.storage.location == "/tmp/portal-test-private"  # noqa: S108
    assert application.languages == [
        {"language": "rw", "level": "native"},
        {"language": "fr", "level": "fluent"},
    ]
    # The criteria as the applicant read them (in French here), with their answers.
    assert application.eligibility_answers == {
        "Vit en Belgique": True,
        "Trois ans d’expérience": True,
    }
    assert application.phone == "+250788123456"
    assert application.consent_at is not None
    thanks = client.get(response["Location"]).text
    assert application.reference in thanks
    acknowledgement, notification = mail.outbox
    assert acknowledgement.to == ["candidate1@example.org"]
    assert application.reference in acknowledgement.subject
    assert notification.to == ["officer@example.org"]
    assert f"/admin/registrations/application/{application.pk}/change/" in notification.body
    assert "candidate1@example.org" not in notification.body  # details stay behind login


def test_french_visitor_sees_french_errors_and_keeps_values_except_the_file(client, call, sector):
    response = post_application(
        client, call, sector, language="fr", email="nope", years_of_experience="-3",
        criterion_0="", cv=documents.upload(documents.executable(), "cv.pdf"),
    )  # fmt: skip
    assert response.status_code == 400
    html = response.text
    assert "Saisissez une adresse de courriel valide." in html
    assert "n’est pas un document PDF, DOCX ou ODT" in html
    assert "Veuillez répondre par oui ou par non à «\u202f" in html
    assert 'href="#id_cv"' in html and 'href="#id_email"' in html
    assert 'value="Candidate 1"' in html and 'value="Nurse"' in html
    assert not Application.objects.exists()


def test_a_resubmitted_post_creates_one_application(client, call, sector):
    data = application_data(call, sector)
    first = client.post(apply_url(call), {**data, "cv": documents.upload(documents.PDF)})
    again = client.post(apply_url(call), {**data, "cv": documents.upload(documents.PDF)})
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Application.objects.count() == 1


def post_from_own_connection(call, data) -> int:
    """One applicant's POST from a thread, on its own database connection."""
    try:
        return (
            Client()
            .post(apply_url(call), {**data, "cv": documents.upload(documents.PDF)})
            .status_code
        )
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_double_click_from_two_connections_creates_one_application(call, sector):

    data = application_data(call, sector)
    barrier = threading.Barrier(4)

    def click(_n):
        barrier.wait()
        return post_from_own_connection(call, data)

    with ThreadPoolExecutor(4) as pool:
        codes = list(pool.map(click, range(4)))
    assert codes == [302] * 4
    assert Application.objects.count() == 1


def test_applications_are_refused_outside_the_calls_window(client, sector):
    call = CallFactory(opens_at=timezone.now() + timedelta(days=2),
                       closes_at=timezone.now() + timedelta(days=9))  # fmt: skip
    assert "This call is not open" in client.get(apply_url(call)).text
    response = post_application(client, call, sector)
    assert response.status_code == 200 and not Application.objects.exists()


def test_investor_calls_have_no_candidate_form(client):
    call = CallFactory(kind=Call.Kind.INVESTORS)
    assert client.get(apply_url(call)).status_code == 404


def test_a_failed_email_never_loses_the_application(client, call, sector, settings, committed):
    settings.EMAIL_BACKEND = "tests.registrations.test_services.FailingBackend"
    with committed():
        response = post_application(client, call, sector)
    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_investor_interest_in_a_project_links_its_open_investor_call(client, committed):
    project = ProjectFactory()
    investor_call = CallFactory(project=project, kind=Call.Kind.INVESTORS)
    CallFactory(project=project, kind=Call.Kind.CANDIDATES)
    page = client.get(project.get_absolute_url()).text
    with translation.override("fr"):
        url = reverse("registrations:interest", args=[project.slug_fr])
    assert reverse("registrations:interest", args=[project.slug_en]) in page
    with committed():
        response = client.post(url, interest_data())
    assert response.status_code == 302
    interest = Interest.objects.get()
    assert (interest.project, interest.call) == (project, investor_call)
    assert interest.reference.startswith("INT-")
    acknowledgement = next(m for m in mail.outbox if m.to == ["investor1@example.org"])
    assert acknowledgement.subject.startswith("Nous avons bien reçu votre message")


def test_interest_form_errors(client):
    project = ProjectFactory()
    url = reverse("registrations:interest", args=[project.slug_en])
    response = client.post(url, interest_data(kind="bribe", consent="", phone="abc"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"kind", "consent", "phone"}
    for field in ("kind_0", "consent", "phone"):
        assert f'href="#id_{field}"' in response.text
    assert not Interest.objects.exists()


def test_thanks_page_shows_only_a_well_formed_reference(client):
    url = reverse("registrations:submission-thanks")
    assert "APP-ABCD-2345" in client.get(url, {"reference": "APP-ABCD-2345"}).text
    assert "<script>" not in client.get(url, {"reference": "<script>"}).text


@pytest.mark.django_db(transaction=True)
def test_six_simultaneous_submissions_of_one_form_keep_one_cv_file(
    call, sector, private_dir, monkeypatch
):

    data = application_data(call, sector)
    barrier = threading.Barrier(6)
    if connection.vendor == "postgresql":
        # All six pass the "already submitted?" check before any saves: the race at its
        # worst. (SQLite's transactions take the write lock at BEGIN: they take turns.)
        all_checked = threading.Barrier(6, timeout=30)
        save = Application.save

        def save_when_all_checked(self, *args, **kwargs):
            all_checked.wait()
            return save(self, *args, **kwargs)

        monkeypatch.setattr(Application, "save", save_when_all_checked)

    def submit(_n):
        barrier.wait()
        return post_from_own_connection(call, data)

    with ThreadPoolExecutor(6) as pool:
        codes = list(pool.map(submit, range(6)))
    assert codes == [302] * 6
    application = Application.objects.get()
    assert stored_files(private_dir) == [application.cv.name]


@pytest.mark.django_db(transaction=True)
def test_a_submission_that_fails_after_storing_its_cv_leaves_no_file(
    client, call, sector, private_dir, monkeypatch
):
    from registrations.services import interests

    def broken_mail_queue(submission):
        raise RuntimeError("queue unavailable")

    monkeypatch.setattr(interests, "_acknowledge", broken_mail_queue)  # fails after the save
    data = {**application_data(call, sector), "cv": documents.upload(documents.PDF)}
    with pytest.raises(RuntimeError):
        interests.application_submit(
            call=call, submission_key=uuid.uuid4(), **_model_details(data, sector)
        )
    assert not Application.objects.exists()
    assert stored_files(private_dir) == []


def _model_details(data: dict, sector) -> dict:
    """The details the form hands to the service, for a direct call."""
    from registrations.forms import ApplicationForm

    form = ApplicationForm(
        {k: v for k, v in data.items() if k != "cv"}, {"cv": data["cv"]}, call=Call.objects.get()
    )
    assert form.is_valid(), form.errors
    details = form.details()
    details.pop("submission_key", None)
    return details


def test_a_huge_cv_is_not_written_to_disk_and_the_form_says_why(
    client, call, sector, settings, private_dir, tmp_path, monkeypatch
):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    settings.CV_MAX_UPLOAD_BYTES = settings.IMAGE_MAX_UPLOAD_BYTES = 1024 * 1024
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    written = []  # the size of each temporary upload file when it is closed (and deleted)
    close = TemporaryUploadedFile.close

    def measured_close(self):
        with contextlib.suppress(FileNotFoundError):
            written.append(os.path.getsize(self.temporary_file_path()))
        return close(self)

    monkeypatch.setattr(TemporaryUploadedFile, "close", measured_close)
    huge = documents.upload(documents.PDF + b"%" * (20 * 1024 * 1024))
    response = post_application(client, call, sector, cv=huge, language="fr")

    assert response.status_code == 400
    assert written and max(written) <= 1024 * 1024, written
    html = response.text
    assert "Ce fichier fait 20,0\xa0Mo" in html and "la limite est de 1,0\xa0Mo" in html
    assert 'value="Candidate 1"' in html  # the rest of the form was read
    assert not Application.objects.exists()
    assert stored_files(private_dir) == []


@pytest.mark.parametrize(
    "content, language, message",
    [
        (documents.docm(), "en", "This document contains macros or scripts"),
        (documents.docm(), "fr", "Ce document contient des macros ou des scripts"),
        (
            documents.pdf(
                b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (x) >> >>",
                documents.PAGES,
            ),
            "fr",
            "Ce PDF contient des éléments actifs",
        ),
    ],
)
def test_active_documents_are_refused_in_the_visitors_language(
    client, call, sector, private_dir, content, language, message
):
    cv = documents.upload(content, "cv.docx")
    response = post_application(client, call, sector, cv=cv, language=language)
    assert response.status_code == 400
    assert message in response.text
    assert not Application.objects.exists() and stored_files(private_dir) == []
