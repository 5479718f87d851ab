"""Helpers for translated content: fallback detection and links to the other language.

The pattern every translated content model follows:

* register its visitor-facing fields in `<app>/translation.py` (modeltranslation), including
  a per-language `slug`; English is the source language;
* build `get_absolute_url()` with `reverse()` and the translated slug, so that calling it
  under `translation.override("fr")` gives the French URL;
* in its admin, inherit `portal.admin.TranslatedAdmin` (tabbed languages, a "translation
  missing" column and list filter);
* in templates, wrap the text in `{% missing_translation object as fallback %}` so that a
  French page showing English text says so and marks it `lang="en"`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Model, Q
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname


def translated_fields(model: type[Model]) -> list[str]:
    """The names of a model's translated fields, or [] when it is not registered."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return list(options.all_fields)


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
        slug = self.kwargs[self.slug_url_kwarg]
        q = Q()
        for code, _name in settings.LANGUAGES:
            q |= Q(**{build_localized_fieldname("slug", code): slug})
        obj = queryset.filter(q).first()
        if obj is None:
            raise Http404
        return obj

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        url = self.object.get_absolute_url()
        if url != request.path:
            return HttpResponsePermanentRedirect(url)
        return self.render_to_response(self.get_context_data(object=self.object))
