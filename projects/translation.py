from modeltranslation.translator import TranslationOptions, register

from portal.core.history import track_history
from portal.core.i18n import source_language
from projects.models import Call, Country, Partner, Project, Sector, Skill, Target


@register(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("name", "profile", "image_alt")
    required_languages = (source_language(),)


@register(Sector)
class SectorTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = (source_language(),)


@register(Skill)
class SkillTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = (source_language(),)


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = (source_language(),)


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "body", "image_alt", "image_caption", "contact_role")
    required_languages = (source_language(),)
    # Unique per language: an unwritten French slug is NULL, not "" (which would collide).
    empty_values = {"slug": None}


@register(Target)
class TargetTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = (source_language(),)


@register(Call)
class CallTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "description", "eligibility", "image_alt", "contact_role")
    required_languages = (source_language(),)
    empty_values = {"slug": None}


# History after translation, so the per-language columns are in it too (portal/core/history.py).
track_history(Country)
track_history(Sector)
track_history(Skill)
track_history(Partner)
track_history(Project)
track_history(Target)
track_history(Call)
