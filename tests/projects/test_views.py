import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from projects.models import Call, Project
from tests.projects.factories import (
    CallFactory,
    CountryFactory,
    PartnerFactory,
    ProjectFactory,
    SectorFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/en/projects/"


TEASER_TITLE = r'<a class="teaser__link" href="[^"]+"(?: lang="[^"]+")?>([^<]+)</a>'


def titles(html: str) -> set[str]:
    return set(re.findall(TEASER_TITLE, html))


@pytest.fixture
def catalogue():
    rwanda, niger = CountryFactory(code="RW"), CountryFactory(code="NE")
    belgium = CountryFactory(code="BE", is_focus=False)
    health, farming = SectorFactory(code="health"), SectorFactory(code="agriculture")
    ProjectFactory(
        title_en="Rwanda health", countries=[rwanda], residence=[belgium], sector_list=[health]
    )
    ProjectFactory(
        title_en="Rwanda health done",
        countries=[rwanda],
        sector_list=[health],
        status=Project.Status.COMPLETED,
    )
    ProjectFactory(title_en="Niger farming", countries=[niger], sector_list=[farming])
    ProjectFactory(title_en="Hidden", countries=[rwanda], is_published=False)


def test_list_shows_published_projects_only(client, catalogue):
    html = client.get(LIST_URL).text
    assert titles(html) == {"Rwanda health", "Rwanda health done", "Niger farming"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"country": "rw"}, {"Rwanda health", "Rwanda health done"}),
        ({"country": "be"}, {"Rwanda health"}),  # country of residence counts too
        ({"sector": "agriculture"}, {"Niger farming"}),
        ({"status": "completed"}, {"Rwanda health done"}),
        ({"country": "rw", "sector": "health", "status": "ongoing"}, {"Rwanda health"}),
        ({"country": "ne", "sector": "health"}, set()),
        (
            {"country": "zz", "status": "nonsense"},
            {"Rwanda health", "Rwanda health done", "Niger farming"},
        ),
    ],
)
def test_list_filters_combine(client, catalogue, query, expected):
    html = client.get(LIST_URL, query).text
    assert titles(html) == expected


def test_filters_are_a_get_form_that_keeps_its_values(client, catalogue):
    html = client.get(LIST_URL, {"country": "rw", "status": "ongoing"}).text
    assert '<form method="get" action="/en/projects/"' in html
    assert '<option value="rw" selected>' in html
    assert '<option value="ongoing" selected>' in html
    assert 'href="/en/projects/">Clear filters</a>' in html


def test_pagination_keeps_the_filters(client):
    country = CountryFactory(code="RW")
    ProjectFactory.create_batch(13, countries=[country])
    html = client.get(LIST_URL, {"country": "rw"}).text
    assert 'href="?country=rw&amp;page=2" rel="next"' in html
    assert len(titles(client.get(LIST_URL, {"country": "rw", "page": 2}).text)) == 1


def make_projects(count: int) -> Project:
    countries = CountryFactory.create_batch(3)
    sectors = SectorFactory.create_batch(2)
    partners = PartnerFactory.create_batch(3)
    project = None
    for _ in range(count):
        project = ProjectFactory(
            countries=countries,
            residence=countries[:1],
            sector_list=sectors,
            partner_list=partners,
            funder=partners[0],
        )
        TargetFactory.create_batch(2, project=project)
        CallFactory(project=project)
        CallFactory(
            project=project,
            closes_at=timezone.now() - timedelta(hours=1),
            opens_at=timezone.now() - timedelta(days=5),
        )
    return project


# Budgets once the site settings and navigation pages are cached, as they are in production.
# The country page: its projects (with sectors, countries), open calls, upcoming and past events
# (with their sessions) and related news.
# The list: its filters, its page of projects and the projects map (one query).
# The dialogue app adds 3 to the project and call pages (their Q&A section: FAQ, latest, count)
# and 1 to each list with cards (the Q&A counts: portal/core/contract.py `card_tags`).
QUERY_BUDGETS = {"list": 10, "project": 12, "country": 11, "call": 6, "involved": 3, "home": 6}


@pytest.mark.parametrize("count", [10, 100])
def test_pages_make_the_same_number_of_queries_for_10_or_100_projects(
    client, django_assert_max_num_queries, count
):
    project = make_projects(count)
    country = project.countries_of_origin.first()
    urls = {
        "list": f"{LIST_URL}?sector=sector-0&country={country.code.lower()}&page=2",
        "project": project.get_absolute_url(),
        "country": country.get_absolute_url(),
        "call": project.calls.first().get_absolute_url(),
        "involved": reverse("portal:get-involved"),
        "home": reverse("portal:home"),
    }
    client.get("/en/")  # warm the site settings cache
    for name, url in urls.items():
        with django_assert_max_num_queries(QUERY_BUDGETS[name], info=name):
            assert client.get(url).status_code == 200


def test_project_page_shows_targets_as_labelled_progress_bars(client):
    target = TargetFactory(label_en="Experts relocated", goal=30, progress=12)
    TargetFactory(
        project=target.project, label_en="Expressions of interest", goal=None, progress=37
    )
    html = client.get(target.project.get_absolute_url()).text
    label = f'<label class="meter__label target__label" for="target-{target.pk}">'
    assert f"{label}Experts relocated</label>" in html
    assert f'<progress class="target__bar" id="target-{target.pk}" max="30" value="12"' in html
    assert "12 of 30" in html
    assert "Expressions of interest" in html and "37" in html
    assert "style=" not in html


def test_project_page_lists_partners_funder_countries_and_calls(client):
    funder = PartnerFactory(name_en="Belgian Development Cooperation")
    rwanda = CountryFactory(code="RW", name_en="Rwanda")
    project = ProjectFactory(
        countries=[rwanda], partner_list=[PartnerFactory(name_en="IOM Rwanda")], funder=funder
    )
    CallFactory(project=project, title_en="Open call")
    CallFactory(
        project=project,
        title_en="Past call",
        opens_at=timezone.now() - timedelta(days=9),
        closes_at=timezone.now() - timedelta(days=2),
    )
    CallFactory(project=project, title_en="Draft call", is_published=False)
    html = client.get(project.get_absolute_url()).text
    for text in ("IOM Rwanda", "Belgian Development Cooperation", 'href="/en/projects/'):
        assert text in html
    assert rwanda.get_absolute_url() in html
    assert "Open call" in html and "Past call" in html and "Closed" in html
    assert "Draft call" not in html


def test_unpublished_project_is_404(client):
    project = ProjectFactory(is_published=False)
    assert client.get(project.get_absolute_url()).status_code == 404


def test_project_missing_french_shows_english_marked(client):
    project = ProjectFactory(slug_fr=None, title_fr="", body_fr="", title_en="English only")
    with translation.override("fr"):
        url = project.get_absolute_url()
    html = client.get(url).text
    assert '<h1 lang="en">English only</h1>' in html
    assert '<li aria-current="page" lang="en">English only</li>' in html  # the breadcrumb
    assert "fallback-notice" in html


def test_project_slug_from_other_language_redirects(client):
    ProjectFactory(slug_en="skills", slug_fr="competences")
    response = client.get("/fr/projets/skills/")
    assert response.status_code == 301
    assert response["Location"] == "/fr/projets/competences/"


def test_country_page_lists_its_projects_and_open_calls(client):
    rwanda = CountryFactory(code="RW", name_en="Rwanda", profile_en="Land of a thousand hills")
    project = ProjectFactory(title_en="Rwanda skills", countries=[rwanda])
    ProjectFactory(title_en="Elsewhere")
    CallFactory(project=project, title_en="Rwanda candidates")
    html = client.get("/en/projects/countries/rw/").text
    assert "Land of a thousand hills" in html
    assert "Rwanda skills" in html and "Elsewhere" not in html
    assert "Rwanda candidates" in html
    assert client.get("/en/projects/countries/RW/").status_code == 200
    assert client.get("/en/projects/countries/zz/").status_code == 404


def test_call_page_shows_criteria_and_times_in_the_office_time_zone(client, settings):
    settings.TIME_ZONE = "Europe/Brussels"
    call = CallFactory(
        eligibility_en="Lives in Belgium\nThree years of experience",
        opens_at=datetime(2026, 1, 10, 8, 0, tzinfo=UTC),
        closes_at=datetime(2026, 7, 1, 15, 0, tzinfo=UTC),
        officer_email="secret-officer@example.org",
    )
    with time_machine.travel(datetime(2026, 2, 1, tzinfo=UTC), tick=False):
        html = client.get(call.get_absolute_url()).text
    assert "<li>Lives in Belgium</li><li>Three years of experience</li>" in html
    assert '<time datetime="2026-01-10T09:00:00+01:00">10 January 2026, 09:00</time>' in html
    assert "(Brussels time)" in html and "Europe/Brussels" not in html and "CET" not in html
    assert '<time datetime="2026-07-01T17:00:00+02:00">1 July 2026, 17:00</time>' in html
    assert '<li class="tag tag--open">Open</li>' in html
    assert ">Apply</a>" in html
    assert "secret-officer" not in html


def test_closed_call_page_says_it_no_longer_accepts_applications(client):
    call = CallFactory(
        opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1)
    )
    html = client.get(call.get_absolute_url()).text
    assert "no longer accepts applications" in html
    assert ">Apply</a>" not in html


def test_get_involved_lists_open_calls_by_kind(client):
    CallFactory(title_en="Experts wanted", kind=Call.Kind.CANDIDATES)
    CallFactory(title_en="Investors wanted", kind=Call.Kind.INVESTORS)
    CallFactory(
        title_en="Closed call",
        closes_at=timezone.now() - timedelta(minutes=1),
        opens_at=timezone.now() - timedelta(days=3),
    )
    CallFactory(
        title_en="Future call",
        opens_at=timezone.now() + timedelta(days=3),
        closes_at=timezone.now() + timedelta(days=30),
    )
    html = client.get(reverse("portal:get-involved")).text
    candidates = html.split('id="calls-candidates"')[1].split('id="calls-investors"')[0]
    investors = html.split('id="calls-investors"')[1]
    assert "Experts wanted" in candidates and "Investors wanted" not in candidates
    assert "Investors wanted" in investors
    assert "Closed call" not in html and "Future call" not in html


def test_get_involved_without_open_calls_says_so(client):
    html = client.get(reverse("portal:get-involved")).text
    assert "There is no open call for cooperation at the moment." in html


def test_home_page_shows_featured_projects_and_open_calls(client):
    ProjectFactory(title_en="Ordinary project")
    ProjectFactory(title_en="Featured project", is_featured=True)
    CallFactory(title_en="An open call")
    html = client.get("/en/").text
    projects = html.split('id="home-projects"')[1].split('id="home-events"')[0]
    assert projects.index("Featured project") < projects.index("Ordinary project")
    involved = html.split('id="home-involved"')[1]
    assert "An open call" in involved


def test_sitemap_lists_projects_countries_and_calls_with_alternates(client):
    ProjectFactory(slug_en="skills", slug_fr="competences")
    CallFactory(slug_en="experts", slug_fr="experts-fr")
    CountryFactory(code="RW")
    ProjectFactory(slug_en="hidden", is_published=False)
    xml = client.get("/sitemap.xml").text
    assert "<loc>http://testserver/en/projects/skills/</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="fr" href="http://testserver/fr/projets/competences/"/>'
        in xml
    )
    with translation.override("fr"):
        call_url = reverse("projects:call-detail", kwargs={"slug": "experts-fr"})
        country_url = reverse("projects:country-detail", kwargs={"code": "rw"})
    assert f"<loc>http://testserver{call_url}</loc>" in xml
    assert f"<loc>http://testserver{country_url}</loc>" in xml
    assert "hidden" not in xml


def test_a_fallback_title_is_marked_on_the_title_alone_in_lists(client):
    ProjectFactory(title_en="English only", title_fr="", slug_fr=None)
    html = client.get("/fr/projets/").text
    assert re.search(r'<a class="teaser__link" href="[^"]+" lang="en">English only</a>', html)
    # The French summary beside it, and the card holding both, keep the page's language.
    assert '<p class="teaser__text">Un résumé de projet</p>' in html
    assert '<li class="teaser project-card">' in html


def test_a_fallback_call_title_is_marked_in_the_breadcrumb_and_heading(client):
    call = CallFactory(title_en="Only in English", title_fr="", slug_fr=None)
    with translation.override("fr"):
        html = client.get(call.get_absolute_url()).text
    assert '<h1 lang="en">Only in English</h1>' in html
    assert '<li aria-current="page" lang="en">Only in English</li>' in html
    assert '<div class="prose">' in html  # the French description is not marked


def test_a_call_without_a_closing_date_says_so(client):
    if not Call._meta.get_field("closes_at").null:
        pytest.skip("closes_at becomes optional with the demo helper's change")
    call = CallFactory(closes_at=None)
    assert "No closing date announced" in client.get(call.get_absolute_url()).text


def test_the_call_contact_shows_only_once_a_contact_role_is_named(
    client, django_capture_on_commit_callbacks
):
    call = CallFactory(officer_email="officer-x@example.org")
    assert "officer-x@example.org" not in client.get(call.get_absolute_url()).text
    call.contact_role = "Programme officer"
    with django_capture_on_commit_callbacks(execute=True):  # the cached page is renewed
        call.save()
    html = client.get(call.get_absolute_url()).text
    assert 'href="mailto:officer-x@example.org"' in html
    assert "Programme officer" in html


def test_empty_project_list_says_what_to_do_next(client):
    html = client.get("/en/projects/").text
    assert 'class="empty-state"' in html
    assert "Read the news" in html
