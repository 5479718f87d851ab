"""Scripted data-protection requests, the same service as the admin's:

    manage.py personal_data export EMAIL           # everything held, as JSON on stdout
    manage.py personal_data erase EMAIL            # asks for confirmation first
    manage.py personal_data erase EMAIL --no-input # for scripts

Both are logged (with a keyed hash of the address, never the address).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from portal.core import services


class Command(BaseCommand):
    help = "Export (JSON on stdout) or erase everything held about an email address."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument("--reason", default="", help="how the request reached us (logged)")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="erase without asking for confirmation",
        )

    def handle(self, *args, action: str, email: str, reason: str, interactive: bool, **options):
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"{email!r} is not an email address.") from error
        if action == "export":
            self.stdout.write(services.personal_data_export_json(email=email, reason=reason))
            return
        if interactive:
            answer = input(
                f"Erase everything about {email}? This cannot be undone. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Erasure cancelled: nothing was changed.")
        report = services.personal_data_erase(email=email, reason=reason)
        for label, count in sorted({**report.records, **report.traces}.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Erased {report.total_records} record(s) and their traces.")
        )
