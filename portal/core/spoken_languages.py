"""Languages people speak, with a level: the vocabulary of application forms, expert
profiles and the calls' language requirements. Codes are ISO 639-1 (Django's list, translated
by Django's own catalogue) plus languages of the countries of origin it lacks."""

from functools import lru_cache

from django.conf import global_settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.core.collation import alphabetical

EXTRA_LANGUAGES = [
    ("bm", _("Bambara")),
    ("ff", _("Fula")),
    ("ha", _("Hausa")),
    ("ln", _("Lingala")),
    ("rn", _("Kirundi")),
    ("rw", _("Kinyarwanda")),
    ("wo", _("Wolof")),
    ("yo", _("Yoruba")),
]


class Level(models.TextChoices):
    """From least to most: `level_rank` compares them."""

    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    FLUENT = "fluent", _("Fluent")
    NATIVE = "native", _("Native")


LEVELS = Level.choices


def level_rank(level: str) -> int:
    """0 for basic up to 3 for native; -1 for an unknown value."""
    values = [value for value, _label in LEVELS]
    return values.index(level) if level in values else -1


def levels_at_least(level: str) -> list[str]:
    """The levels equal to or above `level` (every level for an unknown one)."""
    return [value for value, _label in LEVELS if level_rank(value) >= level_rank(level)]


def language_choices() -> list[tuple[str, str]]:
    """Every language, named in the active language, alphabetically, after an empty choice."""
    known = [
        (code, translation.gettext(name))
        for code, name in global_settings.LANGUAGES
        if "-" not in code
    ]
    choices = alphabetical([*known, *EXTRA_LANGUAGES], key=lambda choice: choice[1])
    return [("", _("Choose a language")), *choices]


@lru_cache(maxsize=8)
def _names(active_language: str | None) -> dict[str, str]:
    return dict(language_choices())


def language_name(code: str) -> str:
    """The language's name in the active language; the sorted list is built once per active
    language (a page of profiles, its facets and explanations name dozens of languages)."""
    return _names(translation.get_language()).get(code, code)


LEVELS_IN_TEXT = {
    Level.BASIC: pgettext_lazy("language level, after the language's name", "basic"),
    Level.INTERMEDIATE: pgettext_lazy("language level, after the language's name", "intermediate"),
    Level.FLUENT: pgettext_lazy("language level, after the language's name", "fluent"),
    Level.NATIVE: pgettext_lazy("language level, after the language's name", "native"),
}


def spoken_in_text(rows: list[dict[str, str]]) -> str:
    """Languages with their levels as a member reads them: "Arabic: fluent, French: native"
    ("Arabe : courant, …"), rows as applications and profiles keep them."""
    names = dict(language_choices())
    return ", ".join(
        _("%(language)s: %(level)s")
        % {
            "language": names.get(row["language"], row["language"]),
            "level": LEVELS_IN_TEXT.get(row["level"], row["level"]),
        }
        for row in rows
    )
