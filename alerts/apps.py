"""Alerts: members choose countries and sectors and hear, at once or in a weekly digest, of
the calls, events and articles that match."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        # Imported here, not at the top: an apps module loads before the models exist.
        from alerts import receivers  # noqa: F401  (connects the signal receivers)
