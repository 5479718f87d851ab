"""Recompute the stored translation hashes with `image_alt`, added by 0006_maps_image_slots:
adding an (empty) translated field marks no translation out of date."""

from django.db import migrations

from portal.core.i18n import rehash_translations

HASHED_FIELDS = {
    "Event": ["description", "image_alt", "title"],
}


def rehash(apps, schema_editor):
    for name, fields in HASHED_FIELDS.items():
        rehash_translations(apps.get_model("events", name), fields)


class Migration(migrations.Migration):
    dependencies = [("events", "0007_merge_0006_demo_date_precision_0006_maps_image_slots")]

    operations = [migrations.RunPython(rehash, migrations.RunPython.noop)]
