from modeltranslation.translator import TranslationOptions, register

from portal.models import Page, SiteSettings


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("site_name", "tagline", "organisation_name", "address")


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "body")
    required_languages = ("en",)
    # Unique per language: an unwritten French slug is NULL, not "" (which would collide).
    empty_values = {"slug": None}
