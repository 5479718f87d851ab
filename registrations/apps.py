"""Event registrations and registrations of interest."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self) -> None:
        from portal.site.dashboard import register_panel
        from registrations import receivers  # noqa: F401  (connects the signal receivers)
        from registrations.dashboard import applications_per_call
        from registrations.privacy import register_personal_data

        register_personal_data()
        register_panel("registrations/dashboard_panel.html", applications_per_call)
