"""Site search's indexes on PostgreSQL (portal/core/search_indexes.py): one per source and
language, made by `migrate`, and the very expression each search matches on."""

import pytest
from django.conf import settings
from django.db import connection

from portal.core.search import _expressions, sources
from portal.core.search_indexes import (
    PREFIX,
    existing_indexes,
    sync_search_indexes,
    wanted_indexes,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL text search only"),
]


def test_migrate_made_an_index_for_every_source_and_language():
    wanted = wanted_indexes()
    assert len(wanted) == len(sources()) * len(settings.LANGUAGES)
    assert set(wanted) <= existing_indexes()


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_search_vector_is_the_expression_of_its_index(language):
    """Each source's rows matched on the vector a search builds, with sequential scans
    discouraged and no other condition (a search's own plan may rightly prefer another
    index on these tiny tables): only the GIN index can answer, and it does."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    for source in sources():
        model = source.queryset().model
        parts = _expressions(source, "water health", language)
        matching = model._base_manager.alias(vector=parts["vector"]).filter(vector=parts["query"])
        prefix = f"{PREFIX}{model._meta.db_table[:30]}_{language}_"
        [name] = [n for n in wanted_indexes() if n.startswith(prefix)]
        assert f"Bitmap Index Scan on {name}" in matching.explain(), source.name


def test_an_unwanted_index_is_dropped_and_a_missing_one_made():
    table = "projects_project"
    stale = f"portal_search_{table}_xx_0123456789"
    wanted = sorted(wanted_indexes())
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE INDEX "{stale}" ON "{table}" (id)')
        cursor.execute(f'DROP INDEX "{wanted[0]}"')
    assert stale in existing_indexes() and wanted[0] not in existing_indexes()
    sync_search_indexes()
    assert existing_indexes() == set(wanted)


def test_a_language_without_its_configuration_gets_no_index_and_no_error(settings):
    """A test database made without migrations has no text search configuration yet."""
    settings.SEARCH_CONFIGS = {**settings.SEARCH_CONFIGS, "fr": "configuration_not_created"}
    wanted = wanted_indexes()
    assert wanted and not [name for name in wanted if "_fr_" in name]
    sync_search_indexes()  # drops the French ones, raises nothing
    assert existing_indexes() == set(wanted)
