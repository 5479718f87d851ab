from django.core.management.base import BaseCommand

from portal.core import privacy


class Command(BaseCommand):
    help = (
        "Show (dry run, the default) or apply the deletion or anonymisation of personal data "
        "past its retention period. The worker applies it by itself every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="really delete or anonymise")

    def handle(self, *args, apply: bool, **options):
        counts = privacy.retention_purge(dry_run=not apply)
        verb = "removed" if apply else "would be removed (dry run; --apply to do it)"
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count} {verb}")
