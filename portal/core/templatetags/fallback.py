"""`{% lang_if_fallback obj "title" %}`: the `lang` attribute of one element whose text is
shown in the fallback language.

Cards, search results and breadcrumbs mix a translated title with text in the page's own
language, so the `lang` goes on the element holding that one field, never on the whole card.
"""

from django import template
from django.db.models import Model
from django.utils import translation
from django.utils.html import format_html
from modeltranslation.utils import build_localized_fieldname

from portal.core.i18n import fallback_language, translated_fields

register = template.Library()


def field_fallback(obj: Model, field: str, language: str | None = None) -> str:
    """The language `obj.<field>` is shown in when it is empty in `language` (the active
    one) and filled in the fallback language; "" when no fallback happens."""
    if not isinstance(obj, Model) or field not in translated_fields(type(obj)):
        return ""
    language = language or translation.get_language()
    fallback = fallback_language()
    if not language or language == fallback:
        return ""
    if getattr(obj, build_localized_fieldname(field, language), None):
        return ""
    return fallback if getattr(obj, build_localized_fieldname(field, fallback), None) else ""


@register.simple_tag
def lang_if_fallback(obj: Model, field: str = "title") -> str:
    """` lang="en"` when the field falls back to another language, else nothing."""
    code = field_fallback(obj, field)
    return format_html(' lang="{}"', code) if code else ""


@register.simple_tag
def title_lang(obj: Model) -> str:
    """`lang_if_fallback` on whichever of "title" or "name" the object is known by (search
    results mix projects, countries, articles...)."""
    fields = translated_fields(type(obj)) if isinstance(obj, Model) else []
    for name in ("title", "name"):
        if name in fields:
            return lang_if_fallback(obj, name)
    return ""
