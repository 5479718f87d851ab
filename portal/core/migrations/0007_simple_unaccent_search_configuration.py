from django.db import migrations

# Site search (portal/core/search.py) on PostgreSQL, for a language without its own text
# search configuration in settings.SEARCH_CONFIGS: words as written (no stemming), accents
# ignored. Other databases have nothing to create: the search matches in Python there.


def create_simple_unaccent(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS simple_unaccent")
    schema_editor.execute("CREATE TEXT SEARCH CONFIGURATION simple_unaccent (COPY = simple)")
    schema_editor.execute(
        "ALTER TEXT SEARCH CONFIGURATION simple_unaccent "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
    )


def drop_simple_unaccent(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS simple_unaccent")


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_personal_data_request_reason")]

    operations = [migrations.RunPython(create_simple_unaccent, drop_simple_unaccent)]
