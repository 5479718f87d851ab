import pytest
from django.urls import reverse

from projects.models import Project
from tests.projects.factories import (
    CallFactory,
    CountryFactory,
    ProjectFactory,
    SectorFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def test_project_list_marks_a_missing_french_translation(admin_client):
    ProjectFactory(title_en="Half done", title_fr="", slug_fr=None)
    html = admin_client.get(reverse("admin:projects_project_changelist")).text
    assert (
        '<span class="translation-missing" title="missing">FR ✗'
        '<span class="visually-hidden"> missing</span></span>'
    ) in html


def test_translation_missing_filter_on_projects_calls_and_countries(admin_client):
    ProjectFactory(title_en="Half done", body_fr="")
    ProjectFactory(title_en="All done")
    CallFactory(title_en="Call half done", description_fr="")
    CountryFactory(code="XK", name_en="Kosovo", name_fr="")
    html = admin_client.get(
        reverse("admin:projects_project_changelist"), {"translation": "missing-fr"}
    ).text
    assert "Half done" in html and "All done" not in html
    html = admin_client.get(
        reverse("admin:projects_call_changelist"), {"translation": "missing"}
    ).text
    assert "Call half done" in html
    html = admin_client.get(
        reverse("admin:projects_country_changelist"), {"translation": "missing-fr"}
    ).text
    assert "Kosovo" in html


def test_project_list_filters_by_country_status_and_sector(admin_client):
    rwanda = CountryFactory(code="RW", name_en="Rwanda")
    health = SectorFactory(code="health")
    ProjectFactory(title_en="Rwanda health", countries=[rwanda], sector_list=[health])
    ProjectFactory(title_en="Completed elsewhere", status=Project.Status.COMPLETED)
    url = reverse("admin:projects_project_changelist")
    html = admin_client.get(
        url, {"countries_of_origin__id__exact": rwanda.pk, "sectors__id__exact": health.pk}
    ).text
    assert "Rwanda health" in html and "Completed elsewhere" not in html
    html = admin_client.get(url, {"status__exact": "completed"}).text
    assert "Completed elsewhere" in html and "Rwanda health" not in html


def test_project_change_form_has_tabs_and_inline_targets_and_calls(admin_client):
    project = TargetFactory(label_en="Experts relocated").project
    CallFactory(project=project, title_en="Experts wanted")
    html = admin_client.get(reverse("admin:projects_project_change", args=[project.pk])).text
    assert "tabbed_translation_fields.js" in html
    assert "Experts relocated" in html and "Experts wanted" in html
    assert 'name="targets-TOTAL_FORMS"' in html and 'name="calls-TOTAL_FORMS"' in html


@pytest.mark.parametrize("name", ["country", "sector", "partner", "project", "call"])
def test_admin_add_pages_open(admin_client, name):
    assert admin_client.get(reverse(f"admin:projects_{name}_add")).status_code == 200


@pytest.mark.parametrize(
    "language, heading",
    [("en", "<b>Call for cooperation:</b>"), ("fr", "<b>Appel à coopération\u202f:</b>")],
)
def test_stacked_inline_headings_put_the_colon_as_the_language_does(
    admin_client, language, heading
):
    project = CallFactory().project
    admin_client.cookies["django_language"] = language
    html = admin_client.get(reverse("admin:projects_project_change", args=[project.pk])).text
    assert heading in html
