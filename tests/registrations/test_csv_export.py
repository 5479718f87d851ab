"""The CSV exports, opened as a spreadsheet set to French reads them: LibreOffice Calc
converts the download with the French locale (LCID 1036) and the import settings Excel uses
in France and Belgium (semicolons, UTF-8), and openpyxl reads the resulting workbook."""

import csv
import io
import shutil
import subprocess
import uuid
from datetime import datetime

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from registrations import services
from registrations.models import Application, Registration
from tests.events.factories import SessionFactory
from tests.portal import documents
from tests.projects.factories import CallFactory, SectorFactory
from tests.registrations.factories import details

pytestmark = pytest.mark.django_db

APPLICATIONS = reverse("admin:registrations_application_changelist")
REGISTRATIONS = reverse("admin:registrations_registration_changelist")
FORMULA = '=HYPERLINK("http://evil.example","click")'


def open_as_french_excel(content: bytes, tmp_path) -> list[list]:
    """The rows of `content` (a CSV download) as French-locale Calc imports them: the
    separator is ';', the character set UTF-8, dates read as dd/mm/yyyy."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Calc is needed (apt-get install libreoffice-calc-nogui)"
    source = tmp_path / "export.csv"
    source.write_bytes(content)
    subprocess.run(
        [
            soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
            "--infilter=CSV:59,34,76,1,,1036", "--convert-to", "xlsx",
            "--outdir", str(tmp_path / "out"), str(source),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    sheet = openpyxl.load_workbook(tmp_path / "out" / "export.xlsx").active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def make_application(**fields) -> Application:
    call = CallFactory(eligibility="Lives in Belgium\nSpeaks Kinyarwanda")
    return Application.objects.create(
        call=call, name=fields.pop("name", "Amélie Uwase"), email="amelie@example.org",
        country_of_origin="RW", country_of_residence="BE", profession="Nurse",
        sector=SectorFactory(), years_of_experience=5, qualification="master",
        available_from="2027-01-01", availability="3-6", motivation="x",
        cv=documents.upload(documents.PDF), language="fr", consent_at=timezone.now(),
        submission_key=uuid.uuid4(),
        eligibility_answers={"Lives in Belgium": True, "Speaks Kinyarwanda": False},
        languages=[{"language": "fr", "level": "fluent"}, {"language": "rw", "level": "native"}],
        **fields,
    )  # fmt: skip


def test_application_export_opens_in_french_excel_with_the_columns_staff_need(
    admin_client, admin_user, tmp_path
):
    application = make_application()
    services.note_add(submission=application, author=admin_user, text="Appelée le 3 mars.")
    other = make_application(name=FORMULA)
    response = admin_client.post(
        APPLICATIONS,
        {"action": "export_csv", "_selected_action": [application.pk, other.pk]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # the BOM Excel needs for UTF-8

    header, *rows = open_as_french_excel(response.content, tmp_path)
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    row = by_reference[application.reference]
    assert row["full name"] == "Amélie Uwase"  # accents intact: read as UTF-8
    # One column per eligibility criterion, the languages with their levels, the notes.
    assert row["Lives in Belgium"] == "Yes" and row["Speaks Kinyarwanda"] == "No"
    assert row["languages"] == "French – fluent, Kinyarwanda – native"
    assert row["internal notes"].endswith("admin: Appelée le 3 mars.")
    # A local date and time, which the spreadsheet reads as a date (not as text).
    received = timezone.localtime(application.created_at).replace(tzinfo=None)
    assert row["received at"] == received.replace(second=0, microsecond=0)
    assert isinstance(row["available from"], datetime)
    assert row["available from"].date().isoformat() == "2027-01-01"
    # Formula injection is still neutralised: the cell is text, not a formula.
    assert by_reference[other.reference]["full name"] == f"'{FORMULA}"


def test_registration_export_says_who_attended_and_when(admin_client, tmp_path):
    session = SessionFactory(event__title_en="Info session in Brussels")
    people = [services.registration_create(session=session, **details(n)) for n in range(2)]
    services.registrations_mark_attended(registrations=Registration.objects.filter(pk=people[0].pk))
    response = admin_client.post(
        REGISTRATIONS, {"action": "export_csv", "_selected_action": [p.pk for p in people]}
    )
    header, *rows = open_as_french_excel(response.content, tmp_path)
    rows = {row[header.index("full name")]: dict(zip(header, row, strict=True)) for row in rows}
    assert rows["Person 0"]["attended"] == "Yes" and rows["Person 1"]["attended"] == "No"
    people[0].refresh_from_db()
    arrived = timezone.localtime(people[0].attended_at).replace(tzinfo=None)
    assert rows["Person 0"]["arrived at"] == arrived.replace(second=0, microsecond=0)
    assert rows["Person 1"]["arrived at"] is None
    assert rows["Person 0"]["registration source"] == str(Registration.Source.ONLINE.label)
    assert rows["Person 0"]["event"] == "Info session in Brussels"


def test_export_in_french_uses_the_staff_members_language(admin_client, tmp_path):
    application = make_application()
    response = admin_client.post(
        APPLICATIONS,
        {"action": "export_csv", "_selected_action": [application.pk]},
        headers={"accept-language": "fr"},
    )
    header, row = open_as_french_excel(response.content, tmp_path)
    values = dict(zip(header, row, strict=True))
    assert "nom complet" in header
    assert values["Lives in Belgium"] == "Oui" and values["Speaks Kinyarwanda"] == "Non"


def test_comma_export_for_other_programs(admin_client):
    application = make_application(name="Uwase, Amélie")
    response = admin_client.post(
        APPLICATIONS, {"action": "export_csv_comma", "_selected_action": [application.pk]}
    )
    text = response.content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text)))
    assert header[:2] == ["reference", "call"]
    assert row[header.index("full name")] == "Uwase, Amélie"  # quoted, one cell
    assert ";" not in text.splitlines()[0]
