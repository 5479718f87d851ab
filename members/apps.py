"""The member side: sign-in by email link, and My space, which gathers what every app holds
under the member's address (each app's `member_sections`, portal/core/contract.py)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        # Imported here, not at the top: an apps module loads before the models exist.
        from members import receivers  # noqa: F401  (connects the signal receivers)
