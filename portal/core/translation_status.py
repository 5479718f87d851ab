"""An item's translation status including the parts it is published with.

A newsletter issue is not translated while one of its articles has no French, nor is a
project while one of its calls has none. A model names those parts, as reverse relations,
in `translation_parts`:

    class Issue(Publishable):
        translation_parts = ("articles",)

The admin's translation column and filter (portal/core/admin.py) then show the worst state
of the item and its parts, language by language.
"""

from collections.abc import Callable

from django.conf import settings
from django.db.models import Exists, Model, OuterRef, Q

from portal.core.i18n import (
    TranslationState,
    missing_languages,
    missing_translation_q,
    needs_translation_q,
    outdated_translation_q,
)

# The worse state wins when an item and its parts are combined.
SEVERITY = {
    TranslationState.COMPLETE: 0,
    TranslationState.OUTDATED: 1,
    TranslationState.MISSING: 2,
}


def own_states(obj: Model) -> dict[str, str]:
    """{language: state} of `obj` alone."""
    if hasattr(obj, "translation_states"):
        return obj.translation_states()
    missing = set(missing_languages(obj))
    return {
        code: TranslationState.MISSING if code in missing else TranslationState.COMPLETE
        for code, _name in settings.LANGUAGES
    }


def parts(model: type[Model]) -> list[tuple[str, type[Model], str]]:
    """(relation name, part model, the part's foreign key to `model`) for each part."""
    result = []
    for name in getattr(model, "translation_parts", ()):
        relation = model._meta.get_field(name)
        result.append((name, relation.related_model, relation.field.name))
    return result


def states_with_parts(obj: Model) -> tuple[dict[str, str], dict[str, list[type[Model]]]]:
    """{language: worst state of `obj` and its parts}, and {language: the part models that
    made it worse than `obj`'s own state}. Uses prefetched parts when there are."""
    own = own_states(obj)
    states = dict(own)
    found: list[tuple[type[Model], dict[str, str]]] = []
    if obj.pk is not None:
        for name, part_model, _fk in parts(type(obj)):
            found += [(part_model, own_states(part)) for part in getattr(obj, name).all()]
    for _model, part_states in found:
        for code, state in part_states.items():
            if SEVERITY[state] > SEVERITY[states[code]]:
                states[code] = state
    worse_in = {
        code: list(
            dict.fromkeys(m for m, part_states in found if part_states[code] == states[code])
        )
        if states[code] != own[code]
        else []
        for code in states
    }
    return states, worse_in


def _with_parts(model: type[Model], build: Callable[[type[Model]], Q]) -> Q:
    """`build(model)` or the same condition on any of its parts."""
    q = build(model)
    for _name, part_model, fk in parts(model):
        matching = part_model._default_manager.filter(build(part_model), **{fk: OuterRef("pk")})
        q |= Q(Exists(matching))
    return q


def missing_q(model: type[Model], languages=None) -> Q:
    return _with_parts(model, lambda m: missing_translation_q(m, languages))


def outdated_q(model: type[Model], languages=None) -> Q:
    """Out of date in the item or a part (and missing in neither: missing wins)."""
    outdated = _with_parts(model, lambda m: outdated_translation_q(m, languages))
    return outdated & ~missing_q(model, languages)


def needs_q(model: type[Model]) -> Q:
    return _with_parts(model, needs_translation_q)
