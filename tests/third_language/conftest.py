from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection

# What the migrations create besides tables: --nomigrations skips them.
SEARCH_CONFIGURATION_MIGRATIONS = {
    "projects.migrations.0001_initial": "create_search_configurations",
    "portal.core.migrations.0007_simple_unaccent_search_configuration": "create_simple_unaccent",
    "portal.core.migrations.0008_french_collation": "create_collation",
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database without migrations, plus the PostgreSQL text search configurations
    the site search uses and the collation of alphabetical lists (nothing to add on SQLite)."""
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        for module, function in SEARCH_CONFIGURATION_MIGRATIONS.items():
            getattr(import_module(module), function)(apps, editor)
