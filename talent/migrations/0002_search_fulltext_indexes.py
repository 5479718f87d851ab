"""GIN indexes for the pool's full-text search on PostgreSQL: one per site language's text
search configuration, on exactly the expression talent/search.py queries
(`to_tsvector('<config>'::regconfig, search_text)`). Nothing elsewhere (SQLite)."""

from django.db import migrations

# The configurations settings.SEARCH_CONFIGS names when this migration was written (created
# by projects' first migration); a language added later adds its index in a new migration.
CONFIGS = {"english": "english_unaccent", "french": "french_unaccent"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, config in CONFIGS.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS talent_profile_text_{name} ON talent_expertprofile "
            f"USING gin (to_tsvector('{config}'::regconfig, search_text))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONFIGS:
        schema_editor.execute(f"DROP INDEX IF EXISTS talent_profile_text_{name}")


class Migration(migrations.Migration):
    dependencies = [
        ("talent", "0001_talent_pool"),
        ("projects", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
