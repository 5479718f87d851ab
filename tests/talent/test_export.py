"""CSV export of a pool search: only with talent.export_profiles, by POST with CSRF, formulas
neutralised, never the CV, one log entry per export (who, when, filters, rows)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from talent.services.staff_access import PROFILES_EXPORTED
from tests.talent.factories import ExpertProfileFactory

pytestmark = pytest.mark.django_db

EXPORT = reverse("admin:talent_expertprofile_export")
SEARCH = reverse("admin:talent_expertprofile_changelist")


@pytest.fixture
def exporter(programme_officer):
    programme_officer.user_permissions.add(
        Permission.objects.get(content_type__app_label="talent", codename="export_profiles")
    )
    return programme_officer


@pytest.fixture
def pool(private_dir):
    amina = ExpertProfileFactory(
        name="=HYPERLINK(evil)", email="amina@example.org", origin=["RW"], search_text="nurse"
    )
    amina.cv.save("cv.pdf", ContentFile(b"%PDF-1.4"), save=True)
    ExpertProfileFactory(name="Moussa", origin=["MR"], search_text="teacher")
    return amina


def rows(response) -> list[str]:
    return response.content.decode("utf-8-sig").split("\r\n")


def test_officers_do_not_export_by_default(client, programme_officer, pool):
    client.force_login(programme_officer)
    assert "Export this result to CSV" not in client.get(SEARCH).text
    assert client.post(EXPORT, {"origin": "RW"}).status_code == 403
    assert not LogEntry.objects.filter(change_message=PROFILES_EXPORTED).exists()


def test_editors_are_refused(editor_client, pool):
    assert editor_client.post(EXPORT).status_code == 403


def test_export_is_the_search_result_without_cv_neutralised_and_logged(client, exporter, pool):
    client.force_login(exporter)
    assert "Export this result to CSV" in client.get(SEARCH, {"origin": "RW"}).text
    response = client.post(EXPORT, {"origin": "RW", "q": "nurse", "separator": "semicolon"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="talent-pool-')
    lines = rows(response)
    assert lines[0].startswith("full name;email address;")
    assert "CV" not in lines[0]
    assert len([line for line in lines[1:] if line]) == 1
    assert lines[1].startswith("'=HYPERLINK(evil);amina@example.org;")
    assert "Rwanda" in lines[1]
    assert pool.cv.name not in response.content.decode()
    entry = LogEntry.objects.get(change_message=PROFILES_EXPORTED)
    assert entry.user == exporter
    assert entry.object_id is None
    assert entry.object_repr == "CSV export: 1 rows; origin=RW&q=nurse"


def test_export_with_commas(client, exporter, pool):
    client.force_login(exporter)
    lines = rows(client.post(EXPORT, {"separator": "comma"}))
    assert lines[0].startswith("full name,email address,")
    assert len([line for line in lines[1:] if line]) == 2


def test_export_needs_post_and_csrf(exporter, pool):
    client = Client(enforce_csrf_checks=True)
    client.force_login(exporter)
    assert client.get(EXPORT).status_code == 405
    assert client.post(EXPORT).status_code == 403
    assert not LogEntry.objects.filter(change_message=PROFILES_EXPORTED).exists()
