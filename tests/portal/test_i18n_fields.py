"""Field names per language come from the settings, through one set of helpers."""

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse

from events.models import SPOKEN_LANGUAGES
from newsletter.models import Article
from portal.core.i18n import (
    content_languages,
    fallback_language,
    localized_fields,
    prepopulated_slugs,
    slug_lookup_q,
)
from portal.core.search import search_config
from projects.models import Project, Sector
from tests.projects.factories import ProjectFactory


def test_content_languages_follow_settings(settings):
    assert content_languages() == [code for code, _name in settings.LANGUAGES]


def test_localized_fields_lists_every_language_of_each_field():
    assert localized_fields("title", "summary") == [
        "title_en",
        "title_fr",
        "summary_en",
        "summary_fr",
    ]


def test_prepopulated_slugs_pairs_each_language_slug_with_its_title():
    assert prepopulated_slugs("title") == {"slug_en": ("title_en",), "slug_fr": ("title_fr",)}


def test_fallback_language_is_the_modeltranslation_default(settings):
    assert fallback_language() == settings.MODELTRANSLATION_DEFAULT_LANGUAGE


@pytest.mark.django_db
def test_slug_lookup_finds_an_object_by_its_slug_in_any_language():
    project = ProjectFactory(slug_en="water-for-all", slug_fr="de-l-eau-pour-tous")
    ProjectFactory()
    for slug in ("water-for-all", "de-l-eau-pour-tous"):
        assert list(Project.objects.filter(slug_lookup_q(slug))) == [project]
    assert not Project.objects.filter(slug_lookup_q("nothing")).exists()


@pytest.mark.django_db
def test_slug_lookup_follows_a_relation():
    project = ProjectFactory(slug_fr="sante")
    assert list(Project.objects.filter(slug_lookup_q("sante", "slug"))) == [project]
    assert Article.objects.filter(slug_lookup_q("sante", "project__slug")).count() == 0


def test_admin_search_and_prepopulated_fields_cover_every_language():
    project_admin = admin.site._registry[Project]
    assert project_admin.search_fields == localized_fields("title", "summary")
    assert project_admin.get_prepopulated_fields(None) == prepopulated_slugs("title")
    assert admin.site._registry[Sector].get_prepopulated_fields(None) == {"code": ("name_en",)}


def test_article_slug_constraints_keep_their_names():
    names = {constraint.name for constraint in Article._meta.constraints}
    assert {"article_unique_slug_en", "article_unique_slug_fr"} <= names


def test_site_languages_are_spoken_languages_an_event_can_be_held_in(settings):
    codes = [code for code, _name in SPOKEN_LANGUAGES]
    assert codes[: len(settings.LANGUAGES)] == [code for code, _name in settings.LANGUAGES]
    assert len(codes) == len(set(codes))


def test_search_config_per_language_with_a_safe_default(settings):
    settings.SEARCH_CONFIGS = {"en": "english_unaccent"}
    assert search_config("en") == "english_unaccent"
    assert search_config("ar") == "simple_unaccent"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL text search only")
def test_default_search_config_exists_and_ignores_accents():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('simple_unaccent', 'Événements')::text")
        assert cursor.fetchone()[0] == "'evenements':1"


@pytest.mark.django_db
def test_admin_search_finds_an_object_by_its_text_in_any_language(admin_client):
    ProjectFactory(title_en="Water for all", title_fr="De l’eau pour tous")
    ProjectFactory(title_en="Schools", title_fr="Écoles")
    for query in ("water", "l’eau"):
        response = admin_client.get(reverse("admin:projects_project_changelist"), {"q": query})
        assert response.status_code == 200
        assert response.context["cl"].result_count == 1


def test_open_graph_locales_come_from_settings_or_the_language_code():
    from portal.core.templatetags.portal import og_locale

    assert og_locale("fr") == "fr_FR"
    assert og_locale("en") == "en_GB"
    assert og_locale("ar") == "ar"  # a language added later needs no entry
    assert og_locale("pt-br") == "pt_BR"
