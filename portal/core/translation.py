from modeltranslation.translator import TranslationOptions, register

from portal.core.history import track_history
from portal.core.i18n import source_language
from portal.core.models import Page, SiteSettings


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("site_name", "short_name", "tagline", "organisation_name", "address")


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "body")
    required_languages = (source_language(),)
    # Unique per language: an unwritten French slug is NULL, not "" (which would collide).
    empty_values = {"slug": None}


# History after translation, so the per-language columns are in it too (portal/core/history.py).
track_history(SiteSettings)
track_history(Page)
