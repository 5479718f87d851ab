"""Recompute the stored translation hashes the stable way (portal.core.i18n.stable_hash).

They were made from the fields in an order that changed from one process to the next; this
keeps every translation as complete or out of date as it was at its last save.
"""

from django.db import migrations

from portal.core.i18n import rehash_translations

# The hashed fields of each model when this migration was written.
HASHED_FIELDS = {
    "Event": ["description", "title"],
}


def rehash(apps, schema_editor):
    for name, fields in HASHED_FIELDS.items():
        rehash_translations(apps.get_model("events", name), fields)


class Migration(migrations.Migration):
    dependencies = [("events", "0003_session_places_taken")]

    operations = [migrations.RunPython(rehash, migrations.RunPython.noop)]
