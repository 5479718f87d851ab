"""Remove a staff member's second factor (lost or replaced phone, lost backup codes)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.core.staff_auth.services import two_factor_reset


class Command(BaseCommand):
    help = (
        "Remove the authenticator app and backup codes of a user. At their next login they "
        "are asked to set up two-factor authentication again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as exc:
            raise CommandError(f"No user {username!r}.") from exc
        count = two_factor_reset(user=user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed {count} two-factor device(s) of {username!r}; "
                "they will set up an authenticator app at their next login."
            )
        )
