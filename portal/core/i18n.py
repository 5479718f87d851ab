"""Helpers for translated content: fallback detection and links to the other language.

The pattern every translated content model follows:

* register its visitor-facing fields in `<app>/translation.py` (modeltranslation), including
  a per-language `slug`; English is the source language;
* build `get_absolute_url()` with `reverse()` and the translated slug, so that calling it
  under `translation.override("fr")` gives the French URL;
* inherit `TranslationTracked` (below) in the model, so each save records, per language, a
  hash of the English source the translation was written from: the admin then tells
  complete, missing and out-of-date translations apart;
* in its admin, inherit `portal.core.admin.TranslatedAdmin` (tabbed languages, a translation
  status column and list filter, incomplete tabs marked, preview links, history);
* in templates, wrap the text in `{% missing_translation object as fallback %}` so that a
  page in another language showing the fallback language's text says so and marks it with
  that language's `lang` (`{% fallback_language %}`).
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from django.conf import settings
from django.db import models
from django.db.models import Model, Q
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname


def content_languages() -> list[str]:
    """The languages content is written in (one column per language per translated field),
    from settings (MODELTRANSLATION_LANGUAGES, else LANGUAGES), in their order."""
    return list(mt_settings.AVAILABLE_LANGUAGES)


def localized_fields(*names: str) -> list[str]:
    """Every per-language column of each field: `localized_fields("title", "summary")` is
    title_<code> then summary_<code> for each content language, in settings' order (for
    admin `search_fields`, `.only()`, ...)."""
    return [build_localized_fieldname(name, code) for name in names for code in content_languages()]


def prepopulated_slugs(source: str = "title", slug: str = "slug") -> dict[str, tuple[str]]:
    """For an admin's `get_prepopulated_fields`: each language's slug follows that
    language's title."""
    return {
        build_localized_fieldname(slug, code): (build_localized_fieldname(source, code),)
        for code in content_languages()
    }


def slug_lookup_q(slug: str, field: str = "slug") -> Q:
    """Objects whose `field` is `slug` in any language: a link copied from a page in one
    language still finds the object in another. `field` may follow a relation
    ("event__slug")."""
    q = Q()
    for code in content_languages():
        q |= Q(**{build_localized_fieldname(field, code): slug})
    return q


def translated_fields(model: type[Model]) -> list[str]:
    """The names of a model's translated fields, or [] when it is not registered, in the
    model's field order (modeltranslation keeps them in a set, whose order changes from one
    process to the next)."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    order = {field.name: index for index, field in enumerate(model._meta.get_fields())}
    return sorted(options.all_fields, key=lambda name: (order.get(name, len(order)), name))


def required_translated_fields(model: type[Model]) -> list[str]:
    """Fields that must exist in every language; a model may narrow it down."""
    return list(getattr(model, "required_translations", translated_fields(model)))


def missing_languages(obj: Model) -> list[str]:
    """Languages in which at least one required translated field of `obj` is empty."""
    fields = required_translated_fields(type(obj))
    return [
        code
        for code, _name in settings.LANGUAGES
        if any(not getattr(obj, build_localized_fieldname(f, code)) for f in fields)
    ]


def is_missing_in(obj: Model, language: str | None = None) -> bool:
    return (language or translation.get_language()) in missing_languages(obj)


def missing_translation_q(model: type[Model], languages: Iterable[str] | None = None) -> Q:
    """A filter for objects with a required field empty in any of `languages`."""
    languages = languages or [code for code, _name in settings.LANGUAGES]
    q = Q()
    for code in languages:
        for field in required_translated_fields(model):
            name = build_localized_fieldname(field, code)
            q |= Q(**{f"{name}__isnull": True}) | Q(**{name: ""})
    return q


def language_in_text(code: str) -> str:
    """A language's name for the middle of a sentence in the active language: English
    capitalises language names, French (and most others) does not ("le texte en français")."""
    name = str(dict(settings.LANGUAGES)[code])
    # A rule of English grammar, not a list of the site's languages: hence the literal.
    return name if (translation.get_language() or "en").startswith("en") else name.lower()


def source_language() -> str:
    """The language content is written in first, and shown in when a translation is missing."""
    return mt_settings.DEFAULT_LANGUAGE


def fallback_language() -> str:
    """The language a page shows a missing translation in (marked with its `lang`)."""
    fallbacks = mt_settings.FALLBACK_LANGUAGES.get("default") or (source_language(),)
    return fallbacks[0]


def target_languages() -> list[str]:
    """The languages translated from the source language."""
    return [code for code, _name in settings.LANGUAGES if code != source_language()]


class TranslationState(models.TextChoices):
    COMPLETE = "complete", _("complete")
    MISSING = "missing", _("missing")
    OUTDATED = "outdated", _("out of date")


def hashed_fields(model: type[Model]) -> list[str]:
    """The translated fields whose text a translation follows (slugs are not text to translate)."""
    excluded = set(getattr(model, "translation_hash_exclude", ("slug",)))
    return [name for name in translated_fields(model) if name not in excluded]


def stable_hash(values: dict[str, str]) -> str:
    """A hash of {field name: text} that every process, Python version and hash seed
    computes alike: canonical JSON (sorted keys, fixed separators) encoded in UTF-8."""
    data = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def text_hash(obj: Model, language: str) -> str:
    """A hash of `obj`'s translated text in one language."""
    return stable_hash(
        {
            name: getattr(obj, build_localized_fieldname(name, language)) or ""
            for name in hashed_fields(type(obj))
        }
    )


class TranslationTracked(models.Model):
    """Remembers, per language, which English text each translation was written from.

    `translation_hashes` holds the hash of the English source fields now, and for every
    other language the hash of its own text and of the English it was last saved against.
    When staff change the French text, the French is taken as following the English of
    that moment; when they later change the English alone, the French is *out of date*
    until someone saves a French change (or marks it up to date in the admin). Hashes, not
    timestamps: saving an object without changing its English text changes nothing.
    """

    translation_hashes = models.JSONField(
        _("translation hashes"), default=dict, blank=True, editable=False
    )
    # ",fr," when French is out of date: a plain string keeps the filter portable.
    outdated_translations = models.CharField(
        _("out-of-date translations"), max_length=50, blank=True, default="", editable=False
    )
    translation_pending_since = models.DateTimeField(
        _("translation needed since"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            localized = {
                build_localized_fieldname(name, code)
                for name in translated_fields(type(self))
                for code, _name in settings.LANGUAGES
            } | set(translated_fields(type(self)))
            if not localized & set(update_fields):
                return super().save(*args, **kwargs)
            kwargs["update_fields"] = {*update_fields, *TRACKING_FIELDS}
        refresh_translation_state(self)
        return super().save(*args, **kwargs)

    def translation_states(self) -> dict[str, str]:
        """{language: TranslationState} as of the last save (missing: as of now)."""
        missing = set(missing_languages(self))
        return {
            code: TranslationState.MISSING
            if code in missing
            else TranslationState.OUTDATED
            if f",{code}," in (self.outdated_translations or "")
            else TranslationState.COMPLETE
            for code, _name in settings.LANGUAGES
        }

    def mark_translations_up_to_date(self) -> None:
        """Staff checked the French against the English: it follows the current English."""
        hashes = dict(self.translation_hashes or {})
        for code in target_languages():
            hashes[code] = {
                "text": text_hash(self, code),
                "source": text_hash(self, source_language()),
            }
        self.translation_hashes = hashes
        self.outdated_translations = ""
        self.save()


TRACKING_FIELDS = ("translation_hashes", "outdated_translations", "translation_pending_since")


def refresh_translation_state(obj: TranslationTracked) -> None:
    """Update `obj`'s tracking fields from its current text (called on every save)."""
    hashes = dict(obj.translation_hashes or {})
    source = text_hash(obj, source_language())
    missing = set(missing_languages(obj))
    outdated = []
    for code in target_languages():
        entry = hashes.get(code) or {}
        own = text_hash(obj, code)
        if entry.get("text") != own or "source" not in entry:
            # The translation was written or changed now (or is seen for the first time):
            # it follows the English as it is now.
            entry = {"text": own, "source": source}
        elif entry["source"] != source and code not in missing:
            outdated.append(code)
        hashes[code] = entry
    hashes[source_language()] = source
    obj.translation_hashes = hashes
    obj.outdated_translations = f",{','.join(outdated)}," if outdated else ""
    if missing or outdated:
        obj.translation_pending_since = obj.translation_pending_since or timezone.now()
    else:
        obj.translation_pending_since = None


def rehash_translations(model: type[Model], fields: Iterable[str]) -> int:
    """For data migrations: recompute the stored hashes of `model` (a historical model,
    with its hashed `fields` as they were then) with `stable_hash`. A translation out of
    date at its last save stays so: its recorded source hash, made the old way, matches no
    new hash. Any other follows the English as it is now, as it did at its last save.
    Returns the number of rows rewritten."""
    fields = list(fields)

    def compute(obj, language: str) -> str:
        return stable_hash(
            {name: getattr(obj, build_localized_fieldname(name, language)) or "" for name in fields}
        )

    count = 0
    for obj in model._default_manager.iterator():
        old = dict(obj.translation_hashes or {})
        if not old:
            continue  # never saved with tracking: its next save starts it
        source = compute(obj, source_language())
        hashes = {source_language(): source}
        for code in target_languages():
            entry = old.get(code)
            if not isinstance(entry, dict) or "source" not in entry:
                continue  # seen for the first time at the next save, as before
            outdated = f",{code}," in (obj.outdated_translations or "")
            hashes[code] = {
                "text": compute(obj, code),
                "source": entry["source"] if outdated else source,
            }
        model._default_manager.filter(pk=obj.pk).update(translation_hashes=hashes)
        count += 1
    return count


def is_tracked(model: type[Model]) -> bool:
    return issubclass(model, TranslationTracked)


def outdated_translation_q(model: type[Model], languages: Iterable[str] | None = None) -> Q:
    """Objects whose translation in any of `languages` is out of date (and not missing)."""
    if not is_tracked(model):
        return Q(pk__in=[])
    q = Q()
    for code in languages or target_languages():
        q |= Q(outdated_translations__contains=f",{code},") & ~missing_translation_q(model, [code])
    return q


def needs_translation_q(model: type[Model]) -> Q:
    """Objects with a translation missing or out of date in any language."""
    q = missing_translation_q(model)
    if is_tracked(model):
        q |= ~Q(outdated_translations="")
    return q


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str
    url: str
    absolute_url: str
    is_current: bool


def alternate_urls(request: HttpRequest, obj: Model | None = None) -> list[Alternate]:
    """The URL of the page being shown, in every language.

    For an object page, the object's own URL in each language (translated slugs); for any
    other page, the same route resolved in the other language; failing that, that
    language's home page.
    """
    current = translation.get_language()
    path = request.get_full_path()
    alternates = []
    for code, _name in settings.LANGUAGES:
        if obj is not None and hasattr(obj, "get_absolute_url"):
            with translation.override(code):
                url = obj.get_absolute_url()
        else:
            # translate_url resolves in the current language, then reverses in `code`.
            url = translate_url(path, code)
            if url == path and code != current:
                with translation.override(code):
                    url = reverse("portal:home")
        alternates.append(
            Alternate(
                code=code,
                name=str(translation.get_language_info(code)["name_local"]).capitalize(),
                url=url,
                absolute_url=request.build_absolute_uri(url),
                is_current=code == current,
            )
        )
    return alternates


class TranslatedSlugMixin:
    """For a DetailView on a model with a per-language `slug`.

    Finds the object by its slug in any language; when the slug in the URL is not the one
    for the current language (an old link, or a French page whose slug is not written yet),
    redirects permanently to the object's own URL in this language.
    """

    slug_url_kwarg = "slug"

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        obj = queryset.filter(slug_lookup_q(self.kwargs[self.slug_url_kwarg])).first()
        if obj is None:
            raise Http404
        return obj

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        url = self.object.get_absolute_url()
        # reverse() percent-encodes a translated path ("/ar/%D9%85.../"), request.path is decoded.
        if unquote(url) != request.path:
            return HttpResponsePermanentRedirect(url)
        return self.render_to_response(self.get_context_data(object=self.object))
