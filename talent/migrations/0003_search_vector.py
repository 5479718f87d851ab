"""The pool's full text as a stored vector: `search_vector`, `search_text` in every site
language's configuration at once, GIN-indexed, which search filters and ranks on (ranking
the expression of migration 0002 recomputed it for every matched row, twice). On
PostgreSQL the column is filled here and its index replaces the two expression indexes of
0002; elsewhere (SQLite) the column stays empty and unused. And an index for the search's
order when no words are given (the most recently updated first)."""

import django.contrib.postgres.search
from django.db import migrations, models

# The configurations settings.SEARCH_CONFIGS names when this was written (as in 0002); the
# services keep the column with the settings' list from then on (talent.search.text_vector).
CONFIGS = ["english_unaccent", "french_unaccent"]
OLD_INDEXES = {"english": "english_unaccent", "french": "french_unaccent"}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    vector = " || ".join(f"to_tsvector('{config}'::regconfig, search_text)" for config in CONFIGS)
    schema_editor.execute(f"UPDATE talent_expertprofile SET search_vector = {vector}")
    for name in OLD_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS talent_profile_text_{name}")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS talent_profile_search_vector ON talent_expertprofile "
        "USING gin (search_vector)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS talent_profile_search_vector")
    for name, config in OLD_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS talent_profile_text_{name} ON talent_expertprofile "
            f"USING gin (to_tsvector('{config}'::regconfig, search_text))"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("talent", "0002_search_fulltext_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="expertprofile",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.AddIndex(
            model_name="expertprofile",
            index=models.Index(fields=["-updated_at", "id"], name="talent_profile_recent"),
        ),
    ]
