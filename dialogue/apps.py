"""Dialogue: moderated questions and comments under projects, calls, events and articles,
with official answers that staff publish in every language of the site."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = _("Questions and answers")

    def ready(self) -> None:
        # Imported here, not at the top: an apps module loads before the models exist.
        from dialogue import receivers  # noqa: F401  (connects the signal receivers)
