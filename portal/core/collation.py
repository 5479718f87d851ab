"""Alphabetical order that respects accents, the same in every language and on every
database: Bénin before Burkina Faso, Éducation among the E's.

One order, the Unicode Collation Algorithm's default (the root locale: it suits English and
French alike and needs nothing per language):

* in Python, `sort_key` / `alphabetical` (pyuca) for lists built in Python;
* in the database, the collation named `COLLATION`: on PostgreSQL an ICU collation with the
  root locale ("und"), created by a migration (portal.core 0xxx_french_collation); on
  SQLite a function registered on each new connection that compares pyuca keys
  (`register_sqlite_collation`, connected in receivers.py);
* `Alphabetical("name")` orders a queryset (or a model's Meta.ordering) by a field through
  that collation; for a translated field it is the active language's column, falling back
  like the page does (modeltranslation's fallback languages).
"""

from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

from django.db.models import Expression, F, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, resolution_order
from pyuca import Collator

COLLATION = "portal_alphabetical"

T = TypeVar("T")


@cache
def _collator() -> Collator:
    return Collator()


def sort_key(text: str | None) -> tuple[int, ...]:
    """The key that puts `text` in its alphabetical place, accents and case considered
    after the letters ("Bénin" < "Burkina Faso", "éducation" < "Emploi")."""
    return _collator().sort_key(str(text or ""))


def alphabetical(items: Iterable[T], key: Callable[[T], object] = str) -> list[T]:
    """`items` in alphabetical order of `key(item)` (their text by default)."""
    return sorted(items, key=lambda item: sort_key(str(key(item))))


def compare(first: str | None, second: str | None) -> int:
    """-1, 0 or 1 as `first` sorts before, with or after `second` (a collation function)."""
    a, b = sort_key(first), sort_key(second)
    return (a > b) - (a < b)


def register_sqlite_collation(connection) -> None:
    """Give a new SQLite connection the collation PostgreSQL gets from ICU."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)


def _localized_value(model, path: str) -> Expression:
    """The text a page shows for `path` (a field, or a field across relations:
    "country__name") in the active language: its column for that language, else its
    fallback languages' columns, in order."""
    *relations, field = path.split(LOOKUP_SEP)
    for name in relations:
        model = model._meta.get_field(name).related_model
    try:
        translated = field in translator.get_options_for_model(model).all_fields
    except NotRegistered:
        translated = False
    if not translated:
        return F(path)
    prefix = "".join(name + LOOKUP_SEP for name in relations)
    columns = [
        prefix + build_localized_fieldname(field, code) for code in resolution_order(get_language())
    ]
    values = [NullIf(F(column), Value("")) for column in columns]
    return Coalesce(*values) if len(values) > 1 else values[0]


class Alphabetical(Expression):
    """Order by `field` alphabetically, accents respected: `.order_by(Alphabetical("name"))`
    or `Meta.ordering = [Alphabetical("name")]`. Resolved when the query runs, so a
    translated field follows the language active then."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path

    def resolve_expression(self, query=None, *args, **kwargs):
        value = _localized_value(query.model, self.path)
        return Collate(value, COLLATION).resolve_expression(query, *args, **kwargs)

    def prefix_references(self, prefix: str) -> "Alphabetical":
        """The same order seen from a related model (ordering by a foreign key follows the
        related model's Meta.ordering)."""
        return Alphabetical(prefix + self.path)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.path!r})"
