from modeltranslation.translator import TranslationOptions, register

from events.models import Event, Session
from portal.core.history import track_history
from portal.core.i18n import source_language


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "description", "image_alt")
    required_languages = (source_language(),)
    # Unique per language: an unwritten French slug is NULL, not "" (which would collide).
    empty_values = {"slug": None}


@register(Session)
class SessionTranslationOptions(TranslationOptions):
    fields = ("city", "approximate_period")


# History after translation, so the per-language columns are in it too (portal/core/history.py).
track_history(Event)
track_history(Session)
