"""The talent pool: diaspora experts keep a profile of their skills for future calls, and
programme officers search it, match it to a call and invite people to apply."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Talent pool")

    def ready(self) -> None:
        # Imported here, not at the top: an apps module loads before the models exist.
        from talent import receivers  # noqa: F401  (connects the signal receivers)
