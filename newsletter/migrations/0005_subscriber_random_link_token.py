"""Subscribers' links carry a random token instead of their address: each existing row gets
its own (a field default would give every row the same one)."""

import secrets

from django.db import migrations, models

import newsletter.models


def fill_tokens(apps, schema_editor):
    Subscriber = apps.get_model("newsletter", "Subscriber")
    for subscriber in Subscriber.objects.filter(token__isnull=True).only("pk"):
        Subscriber.objects.filter(pk=subscriber.pk).update(token=secrets.token_urlsafe(32))


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0004_stable_translation_hashes"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscriber",
            name="token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="subscriber",
            name="token",
            field=models.CharField(
                default=newsletter.models.new_token, editable=False, max_length=64, unique=True
            ),
        ),
        migrations.AddField(
            model_name="subscriber",
            name="link_sent_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
