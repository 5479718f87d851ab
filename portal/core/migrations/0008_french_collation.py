from django.db import migrations

from portal.core.collation import COLLATION

# Alphabetical order with accents respected (portal/core/collation.py): on PostgreSQL an ICU
# collation with the root locale, the Unicode Collation Algorithm's default order that
# pyuca follows in Python and on SQLite (where each connection registers a function under
# the same name instead, so there is nothing to create).


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE COLLATION IF NOT EXISTS "{COLLATION}" (provider = icu, locale = \'und\')'
    )


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP COLLATION IF EXISTS "{COLLATION}"')


class Migration(migrations.Migration):
    dependencies = [("portal", "0007_simple_unaccent_search_configuration")]

    operations = [migrations.RunPython(create_collation, drop_collation)]
