"""Outline maps exist for every country we show; country pages are never empty; the projects
map names its countries and their number of projects."""

import gzip
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from projects.demo import COUNTRIES
from projects.models import Country
from tests.events.factories import SessionFactory
from tests.newsletter.factories import ArticleFactory
from tests.projects.factories import CallFactory, CountryFactory, ProjectFactory

MAPS = Path(settings.BASE_DIR) / "static/maps"
FOCUS = [code for code, _en, _fr, is_focus, *_profile in COUNTRIES if is_focus]


def test_the_fourteen_focus_countries_and_every_demo_country_have_an_outline_map():
    assert len(FOCUS) == 14
    sizes = json.loads((MAPS / "countries.json").read_text())
    for code, *_rest in COUNTRIES:
        svg = (MAPS / f"countries/{code.lower()}.svg").read_text()
        width, height = sizes[code.lower()]
        assert f'width="{width}" height="{height}"' in svg, code
        assert re.search(r'viewBox="-?\d+ -?\d+ \d+ \d+"', svg), code
        assert "style=" not in svg and "http://" not in svg.replace("http://www.w3.org", "")


def test_outline_paths_are_rounded_to_one_decimal():
    path = re.search(r' d="([^"]+)"', (MAPS / "countries/rw.svg").read_text()).group(1)
    assert not re.search(r"\d\.\d\d", path)


def test_projects_map_draws_the_region_of_the_projects():
    region = json.loads((MAPS / "region.json").read_text())
    assert {"rw", "mr", "ne", "be", "lu", "de", "ps", "ma", "mz"} <= set(region["paths"])


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_focus_country_page_says_what_exists_and_how_to_get_involved(client, demo, language):
    with translation.override(language):
        involved = translation.gettext("How to get involved")
        subscribe = reverse("newsletter:subscribe")
        for country in Country.objects.filter(is_focus=True):
            response = client.get(country.get_absolute_url())
            assert response.status_code == 200, country.code
            html = response.text
            assert involved in html and f'href="{subscribe}"' in html, country.code
            assert f"/static/maps/countries/{country.code.lower()}.svg" in html, country.code
            main = html[html.index("<h1") : html.index(involved)]
            sections = main.count('<li class="teaser ') + main.count('class="empty-state"')
            assert sections, f"{country.code} has neither content nor an empty state"


@pytest.mark.django_db
def test_country_page_shows_projects_calls_events_and_news_of_the_country(client):
    rwanda = CountryFactory(code="RW", name_en="Rwanda")
    project = ProjectFactory(title_en="Rwanda skills", countries=[rwanda])
    call = CallFactory(project=project, title_en="Rwanda candidates")
    SessionFactory(event__title_en="Coming info session", event__project=project)
    SessionFactory(past=True, country=rwanda, event__title_en="Meeting held in Kigali")
    ArticleFactory(call=call, title_en="News of the call")
    ProjectFactory(title_en="Elsewhere")
    html = client.get("/en/projects/countries/rw/").text
    for title in (
        "Rwanda skills",
        "Rwanda candidates",
        "Coming info session",
        "Meeting held in Kigali",
        "News of the call",
    ):
        assert title in html
    assert "Elsewhere" not in html and 'class="empty-state"' not in html


@pytest.mark.django_db
def test_projects_map_links_each_country_with_its_number_of_projects(client):
    rwanda = CountryFactory(code="RW", name_en="Rwanda", name_fr="Rwanda")
    belgium = CountryFactory(code="BE")
    ProjectFactory(countries=[rwanda], residence=[belgium])
    ProjectFactory(countries=[rwanda], residence=[rwanda])  # counted once
    ProjectFactory(countries=[CountryFactory(code="NE")], is_published=False)
    html = client.get("/en/projects/").text
    url = rwanda.get_absolute_url()
    assert f'<a class="projects-map__country" href="{url}" aria-label="Rwanda: 2 projects">' in html
    assert f'<li><a href="{url}">Rwanda: 2 projects</a></li>' in html
    assert "/ne/" not in html.split('class="projects-map')[1]
    with translation.override("fr"):
        html = client.get(reverse("projects:project-list")).text
    assert "Rwanda\u202f: 2 projets" in html


def test_projects_map_is_light(client, demo):
    html = client.get("/en/projects/").text
    svg = html[html.index('<svg class="projects-map__svg"') : html.index("</svg>") + 6]
    assert len(gzip.compress(svg.encode())) < 12_000
