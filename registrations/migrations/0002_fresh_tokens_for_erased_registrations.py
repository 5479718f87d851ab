# Erasures used to set an anonymised registration's token to "erased-<id>": guessable, so
# anyone could cancel, claim or confirm that place. Give each such row a fresh random token.

import secrets

from django.db import migrations


def fresh_tokens(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    for pk in Registration.objects.filter(token__startswith="erased-").values_list("pk", flat=True):
        Registration.objects.filter(pk=pk).update(token=secrets.token_urlsafe(32))


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0001_initial"),
    ]

    operations = [migrations.RunPython(fresh_tokens, migrations.RunPython.noop)]
