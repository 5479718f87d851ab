import json
from datetime import date, datetime

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import to_locale

from portal.core import text
from portal.core.datetimes import format_date, format_with_zone
from portal.core.i18n import Alternate, alternate_urls, fallback_language, is_missing_in
from portal.core.richtext import render_rich_text

register = template.Library()


@register.filter
def truncate_words(value: str | None, count: int) -> str:
    """Django's `truncatewords`, keeping no-break spaces (French "Paris ; 37")."""
    return text.truncate_words(str(value or ""), int(count))


@register.filter
def long_date(value: date | None) -> str:
    """A date as a reader writes it: "1 March 2027", "1er mars 2027" (Django's
    DATE_FORMAT cannot say "1er")."""
    return format_date(value) if value else ""


@register.filter
def with_zone(value: datetime | None, zone: str = "") -> str:
    """A date and time on the clock of `zone` (the office's by default) with the zone named
    by its place: "2 March 2027, 17:00 (Brussels time)", "2 mars 2027, 17 h 00 (heure de
    Bruxelles)"."""
    return format_with_zone(value, zone or None) if value else ""


@register.filter
def richtext(value: str | None) -> SafeString:
    """Render stored rich text, sanitised."""
    return render_rich_text(value)


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[Alternate]:
    """This page in every language; views name their object `translatable_object`/`object`."""
    request = context.get("request")
    if request is None:
        return []
    obj = context.get("translatable_object") or context.get("object")
    if context.get("preview"):
        obj = None  # a preview's other language is the preview in that language
    return alternate_urls(request, obj if isinstance(obj, Model) else None)


@register.simple_tag
def missing_translation(obj: Model, language: str | None = None) -> bool:
    """True when `obj` lacks its text in the current language (and falls back to another)."""
    return is_missing_in(obj, language)


@register.simple_tag(name="fallback_language")
def fallback_language_tag() -> str:
    """The language a missing translation is shown in, for `lang` and `{% language %}`:
    `{% fallback_language as fallback_lang %}`."""
    return fallback_language()


@register.filter
def og_locale(language: str) -> str:
    """Open Graph's language_TERRITORY form of a language code: OPEN_GRAPH_LOCALES names the
    territory where one is wanted ("fr": "fr_FR"); any other language is its locale name."""
    return settings.OPEN_GRAPH_LOCALES.get(language) or to_locale(language)


@register.simple_tag
def jsonld(data: dict) -> SafeString:
    """A schema.org JSON-LD block. It is data, not script, so CSP does not block it; the
    JSON is escaped the way `json_script` does it so text cannot close the tag."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    payload = payload.translate(_json_script_escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
