from django.core.management.base import BaseCommand

from portal.core.private_files import orphans_sweep


class Command(BaseCommand):
    help = (
        "Show (dry run, the default) or remove the private files (CVs) that no row references, "
        "once older than PRIVATE_FILES_GRACE_HOURS. The worker removes them by itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="really remove the files")

    def handle(self, *args, apply: bool, **options):
        orphans = orphans_sweep(dry_run=not apply)
        verb = "removed" if apply else "would be removed (dry run; --apply to do it)"
        for name in orphans:
            self.stdout.write(f"{name}: {verb}")
        self.stdout.write(f"{len(orphans)} file(s) {verb}")
