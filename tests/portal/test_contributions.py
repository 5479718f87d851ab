"""The contribution contract (portal/core/contract.py) is the one way an app adds to the
site: an app with a contributions module is found without any other code naming it."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.test import modify_settings

from portal.core import contract, search
from portal.core.contract import Contributions
from portal.core.models import Page
from portal.core.search import SearchSource
from tests.portal.factories import PageFactory

pytestmark = pytest.mark.django_db

FAKE_APP = "tests.portal.contributing_app"


def test_every_project_app_is_discovered_in_installed_apps_order():
    names = [config.name for config, _declared in contract.app_contributions()]
    project_apps = ["portal.core", "projects", "events", "newsletter", "registrations"]
    project_apps += ["alerts", "members", "dialogue", "talent"]
    assert names == [*project_apps, "portal.site"]


def test_the_site_is_composed_from_the_contributions_alone():
    assert {"projects", "countries", "calls", "events", "issues", "articles", "static"} <= set(
        contract.merged("sitemaps")
    )
    assert {source.name for source in search.sources()} == {
        "projects.project",
        "projects.call",
        "projects.country",
        "events.event",
        "newsletter.article",
    }
    assert Page in contract.collect("page_models")


def test_an_app_added_to_installed_apps_contributes_a_sitemap_search_and_panel(admin_client):
    PageFactory(title_en="Zanzibar spice routes", is_published=True)
    assert search.search("Zanzibar", "en") == []
    assert "/en/contributing-app/" not in admin_client.get("/sitemap.xml").text

    with modify_settings(INSTALLED_APPS={"append": FAKE_APP}):
        assert [config.name for config, _ in contract.app_contributions()][-1] == FAKE_APP
        results = search.search("Zanzibar", "en")
        assert [str(result.label) for result in results] == ["Site page"]
        assert "/en/contributing-app/</loc>" in admin_client.get("/sitemap.xml").text
        html = admin_client.get("/admin/").text
        assert '<section id="contributing-app-panel"><p>Hello from the contributing app' in html

    assert FAKE_APP not in [config.name for config, _ in contract.app_contributions()]
    assert search.search("Zanzibar", "en") == []
    assert "contributing-app-panel" not in admin_client.get("/admin/").text


def test_two_apps_declaring_the_same_name_is_an_error_not_an_override(monkeypatch):
    events, newsletter = apps.get_app_config("events"), apps.get_app_config("newsletter")
    source = SearchSource(name="twice", label="x", queryset=lambda: None, fields={})
    declared = [
        (events, Contributions(sitemaps={"events": object}, search_sources=[source])),
        (newsletter, Contributions(sitemaps={"events": object}, search_sources=[source])),
    ]
    monkeypatch.setattr(contract, "app_contributions", lambda: declared)

    with pytest.raises(ImproperlyConfigured, match="newsletter and events both declare"):
        contract.merged("sitemaps")
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        search.sources()
