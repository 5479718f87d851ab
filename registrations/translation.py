from modeltranslation.translator import TranslationOptions, register

from portal.core.history import track_history
from registrations.models import SessionMessage, StatusMessage


@register(StatusMessage)
class StatusMessageTranslationOptions(TranslationOptions):
    fields = ("subject", "body", "next_steps")


@register(SessionMessage)
class SessionMessageTranslationOptions(TranslationOptions):
    fields = ("subject", "body")


# History after translation, so the per-language columns are in it too (portal/core/history.py).
track_history(StatusMessage)
track_history(SessionMessage)  # written once and never changed: its record of who sent what
