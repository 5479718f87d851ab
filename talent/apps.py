"""The talent pool: diaspora experts keep a profile of their skills for future calls, and
programme officers search it, match it to a call and invite people to apply."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Talent pool")
