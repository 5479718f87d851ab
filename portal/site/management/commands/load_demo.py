"""Load the demo content: `python manage.py load_demo`.

Idempotent: every object is looked up by a stable key and only created when missing, so a
second run changes nothing and never overwrites what staff have edited since. Each app adds
its own content through a `demo.py` module with a `load()` function, called in dependency
order below.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_MODULES = ["portal.site.demo", "projects.demo", "events.demo", "newsletter.demo"]


class Command(BaseCommand):
    help = "Create the demo content (site pages, newsletter, projects, events). Idempotent."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for name in DEMO_MODULES:
                created = import_module(name).load()
                self.stdout.write(f"{name}: {created} object(s) created")
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
