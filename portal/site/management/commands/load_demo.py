"""Load the demo content: `python manage.py load_demo`.

Idempotent: every object is looked up by a stable key and only created when missing, so a
second run changes nothing and never overwrites what staff have edited since. Each app adds
its own content with the `demo` function it declares in its contributions
(portal/core/contract.py), called in INSTALLED_APPS order, which is the dependency order.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.core import contract


class Command(BaseCommand):
    help = "Create the demo content (site pages, newsletter, projects, events). Idempotent."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for _config, declared in contract.app_contributions():
                if declared.demo is not None:
                    created = declared.demo()
                    self.stdout.write(f"{declared.demo.__module__}: {created} object(s) created")
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
