"""Event registrations and registrations of interest. What the app contributes to the site
is declared in contributions.py."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self) -> None:
        # Imported here, not at the top: an apps module loads before the models exist.
        from registrations import receivers  # noqa: F401  (connects the signal receivers)
