"""The facets of a pool search: for each, the profiles of the result per value, with every
other facet applied (`pool_facets`)."""

from dataclasses import dataclass, replace
from datetime import date

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.core.spoken_languages import language_name, levels_at_least
from projects.models import Sector, Skill
from talent.models import ExpertProfile, ProfileCountry, ProfileLanguage
from talent.search.query import (
    AVAILABILITY,
    WORK_MODES,
    YEAR_BANDS,
    AnyOf,
    PoolQuery,
    availability_filter,
    profiles_filtered,
    words_matched,
)

FACET_SHOWN = 10  # values shown at once; the others behind "more"


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # the GET parameter
    label: str
    values: list[FacetValue]

    @property
    def shown(self) -> list[FacetValue]:
        """The first values, and a chosen one wherever it ranks."""
        first = self.values[:FACET_SHOWN]
        return first + [v for v in self.values[FACET_SHOWN:] if v.selected]

    @property
    def more(self) -> list[FacetValue]:
        return [v for v in self.values[FACET_SHOWN:] if not v.selected]


def _restricted(
    rows: QuerySet, field: str, query: PoolQuery, facet: str, text_ids: list[int] | None
) -> QuerySet:
    """`rows` of the profiles that the query without `facet` finds: those its words match
    read by their key (an index scan of the rows, not a join with every row), those the
    other facets find by a subquery, and no condition at all when nothing is asked."""
    base = query.without(facet)
    if base.q and text_ids is not None:
        if connection.vendor == "postgresql":
            rows = rows.filter(AnyOf(F(field), text_ids))
        else:
            rows = rows.filter(**{f"{field}__in": text_ids})
        base = replace(base, q="")
    if base.is_empty:
        return rows
    return rows.filter(**{f"{field}__in": profiles_filtered(base).values("pk")})


def _grouped(rows, *keys: str) -> list[tuple]:
    return [
        (*(row[key] for key in keys), row["n"])
        for row in rows.values(*keys).annotate(n=Count("pk")).order_by("-n", *keys)
    ]


def _values(pairs, labels, selected) -> list[FacetValue]:
    """The values present, most frequent first, and the chosen one even when the other
    facets leave it none (so that the form keeps it)."""
    chosen = str(selected) if selected not in (None, "") else None
    values = [
        FacetValue(str(value), str(labels(value)), count, str(value) == chosen)
        for value, count in pairs
        if count
    ]
    if chosen is not None and not any(value.selected for value in values):
        values.append(FacetValue(chosen, str(labels(selected)), 0, True))
    return values


COUNTRY_FACETS = [
    ("origin", ProfileCountry.Kind.ORIGIN, _("Country of origin or heritage")),
    ("residence", ProfileCountry.Kind.RESIDENCE, _("Country of residence")),
]


def _country_facets(query: PoolQuery, text_ids: list[int] | None) -> list[Facet]:
    """Origin and residence: one query for both when neither is chosen (they count the
    same profiles then), else one each."""
    if query.without("origin") == query.without("residence"):
        rows = _grouped(
            _restricted(ProfileCountry.objects.all(), "profile_id", query, "origin", text_ids),
            "kind",
            "country",
        )
        pairs = {kind: [(c, n) for k, c, n in rows if k == kind] for _f, kind, _l in COUNTRY_FACETS}
    else:
        pairs = {
            kind: _grouped(
                _restricted(
                    ProfileCountry.objects.filter(kind=kind), "profile_id", query, name, text_ids
                ),
                "country",
            )
            for name, kind, _label in COUNTRY_FACETS
        }
    return [
        Facet(name, label, _values(pairs[kind], countries.name, getattr(query, name)))
        for name, kind, label in COUNTRY_FACETS
    ]


def _link_facet(query: PoolQuery, name: str, model, label, text_ids: list[int] | None) -> Facet:
    link = getattr(ExpertProfile, f"{name}s").through
    rows = _restricted(link.objects.all(), "expertprofile_id", query, name, text_ids)
    pairs = _grouped(rows, f"{name}_id")
    selected = getattr(query, name)
    names = model.objects.in_bulk([pk for pk, _count in pairs] + ([selected] if selected else []))
    return Facet(name, label, _values(pairs, lambda pk: names.get(pk, pk), selected))


def _language_facet(query: PoolQuery, text_ids: list[int] | None) -> Facet:
    rows = _restricted(ProfileLanguage.objects.all(), "profile_id", query, "language", text_ids)
    if query.level:
        rows = rows.filter(level__in=levels_at_least(query.level))
    pairs = _grouped(rows, "language")
    return Facet("language", _("Language"), _values(pairs, language_name, query.language))


def _row_facets(query: PoolQuery, today: date, text_ids: list[int] | None) -> list[Facet]:
    """Availability, experience and way of working: conditions on the profile row, counted
    in one aggregate per distinct "query without the facet" (one in all when none of the
    three is chosen)."""
    specs = [
        ("availability", _("Availability"),
         [(key, label, availability_filter(key, today)) for key, label in AVAILABILITY]),
        ("years", _("Years of experience"),
         [(band, _("At least %(years)d years") % {"years": band}, Q(years_of_experience__gte=band))
          for band in YEAR_BANDS]),
        ("work_mode", _("Way of working"),
         [(mode, mode.label, Q(work_mode__in=WORK_MODES[mode]))
          for mode in ExpertProfile.WorkMode]),
    ]  # fmt: skip
    by_base: dict[PoolQuery, list[str]] = {}
    for name, _label, _options in specs:
        by_base.setdefault(query.without(name), []).append(name)
    totals: dict[str, int] = {}
    for base, names in by_base.items():
        counts = {
            f"{name}__{index}": Count("pk", filter=condition)
            for name, _label, options in specs
            if name in names
            for index, (_value, _text, condition) in enumerate(options)
        }
        totals.update(profiles_filtered(base, text_ids=text_ids).aggregate(**counts))
    facets = []
    for name, label, options in specs:
        chosen = str(getattr(query, name) or "")
        values = [
            FacetValue(str(value), str(text), totals[f"{name}__{index}"], str(value) == chosen)
            for index, (value, text, _condition) in enumerate(options)
        ]
        facets.append(Facet(name, label, [v for v in values if v.count or v.selected]))
    return facets


def pool_facets(query: PoolQuery) -> list[Facet]:
    """Every facet with its values' counts for the result of the other facets, most
    frequent first: at most ten queries (seven when a single facet or none is chosen). The
    words are matched once, their profiles then read by primary key in each facet."""
    text_ids = None
    if query.q:
        words = words_matched(ExpertProfile.objects.all(), query.q, ranked=False)
        text_ids = list(words.values_list("pk", flat=True))
    return [
        *_country_facets(query, text_ids),
        _link_facet(query, "sector", Sector, _("Sector"), text_ids),
        _link_facet(query, "skill", Skill, _("Skill"), text_ids),
        _language_facet(query, text_ids),
        *_row_facets(query, timezone.localdate(), text_ids),
    ]
